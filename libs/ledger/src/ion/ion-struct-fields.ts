// Walks the fields of a struct in the model, a plain object or an IonStruct, in order: absent fields
// (value undefined) are skipped, each field is named in the path before it is visited, and an
// IonStruct entry that is not a [name, value] pair is refused.
import { IonStruct, IonStructObject } from './ion-value';
import { ValuePath } from './value-path';

export type FieldVisitor = (name: string, value: unknown) => void;

export function forEachField(struct: IonStructObject | IonStruct, path: ValuePath, visit: FieldVisitor): void {
  if (struct instanceof IonStruct) {
    const { fields } = struct;
    for (let i = 0; i < fields.length; i++) {
      const field: unknown = fields[i];
      if (!Array.isArray(field) || typeof field[0] !== 'string') {
        path.at(i);
        path.fail(field, 'is not a [name, value] field of an IonStruct');
      }
      visitDefined(field[0], field[1], path, visit);
    }
  } else {
    const names = Object.keys(struct);
    for (let i = 0; i < names.length; i++) visitDefined(names[i], struct[names[i]], path, visit);
  }
}

function visitDefined(name: string, value: unknown, path: ValuePath, visit: FieldVisitor): void {
  if (value === undefined) return;
  path.at(name);
  visit(name, value);
}
