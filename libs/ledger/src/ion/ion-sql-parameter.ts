// An SQL parameter given as an Ion value (an ion-js value, or the ledger's own Decimal, Timestamp
// or wrapper class, a Date) bound as the SQL value of exactly that Ion value: what a projection's
// handler reads from an event can be handed to its SQL as it is. Plain JavaScript scalars pass
// unchanged (the database driver binds them); what SQL cannot hold without loss is refused.
import { describeValue } from '../errors';
import { toIonValue } from './ion-input';
import { IonAnnotated, IonClob, IonFloat, IonSymbol, IonTypedNull, Decimal, Timestamp } from './ion-value';
import { IonTypeError } from './ion-type.error';

/** The SQL value of a parameter: null, a boolean, number, bigint, string or bytes. */
export type SqlParameter = null | boolean | number | bigint | string | Uint8Array;

/**
 * The SQL value of `value`, the parameter at `index`: a typed null is NULL, an integral float its
 * number, a decimal its exact text (`12.50`, `1.2E-7`), a timestamp its Ion text (precision and
 * offset kept: `2020-02-02T10:11:12+05:30`; a Date `…T10:11:12.345Z`), a symbol its text, a clob or blob its bytes. Throws
 * IonTypeError for a container, an annotated value or a symbol without text, which have no SQL value.
 */
export function toSqlParameter(value: unknown, index: number): SqlParameter {
  const ion = toIonValue(value);
  if (ion === null || typeof ion !== 'object') return ion;
  if (ion instanceof Uint8Array) return ion;
  if (ion instanceof Date) return ion.toISOString();
  if (ion instanceof IonTypedNull) return null;
  if (ion instanceof IonFloat) return ion.value;
  if (ion instanceof Decimal || ion instanceof Timestamp) return ion.toString();
  if (ion instanceof IonClob) return ion.bytes;
  if (ion instanceof IonSymbol && ion.text !== null) return ion.text;
  const reason = ion instanceof IonAnnotated ? 'is annotated, and SQL would drop its annotations' : 'has no SQL value (bind its Ion text, toIon(value, "text"), instead)';
  throw new IonTypeError(`SQL parameter ${index + 1}, ${describeValue(value)}, ${reason}`, value, `$[${index}]`);
}
