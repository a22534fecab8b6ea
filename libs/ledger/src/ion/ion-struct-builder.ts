// Builds the model value of a struct read from Ion: a plain object, or an IonStruct when a field
// name repeats (which a plain object cannot hold).
import { IonStruct, IonStructObject, IonValue } from './ion-value';

export function buildStruct(names: string[], values: IonValue[]): IonStructObject | IonStruct {
  const struct: IonStructObject = {};
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (Object.prototype.hasOwnProperty.call(struct, name)) {
      return new IonStruct(names.map((n, j): [string, IonValue] => [n, values[j]]));
    }
    if (name === '__proto__') {
      Object.defineProperty(struct, name, { value: values[i], enumerable: true, writable: true, configurable: true });
    } else {
      struct[name] = values[i];
    }
  }
  return struct;
}
