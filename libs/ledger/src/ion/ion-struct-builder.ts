// Builds the model value of a struct read from Ion: a plain object, or an IonStruct when a field
// name repeats (which a plain object cannot hold). Every name is an ordinary own field, `__proto__`
// included (an assignment would replace the object's prototype instead).
import { IonStruct, IonStructObject, IonValue } from './ion-value';

export function buildStruct(names: string[], values: IonValue[]): IonStructObject | IonStruct {
  const struct: IonStructObject = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (Object.prototype.hasOwnProperty.call(struct, name)) {
      return new IonStruct(names.map((n, j): [string, IonValue] => [n, values[j]]));
    }
    setField(struct, name, values[i]);
  }
  return struct;
}

/** Sets `struct[name]` as an own field, whatever the name (`__proto__`, `constructor`, …). */
export function setField<T>(struct: { [name: string]: T }, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(struct, name, { value, enumerable: true, writable: true, configurable: true });
  else struct[name] = value;
}
