// fromIon / toIon: Ion text and binary to and from the ledger's value model (ledger-format.md §1),
// losslessly: ionHash(fromIon(toIon(v, format))) equals ionHash(v).
import { describeValue } from '../errors';
import { isIonBinary, readIonBinary } from './ion-binary-reader';
import { IonBinaryWriter } from './ion-binary-writer';
import { IonFormatError } from './ion-format.error';
import { withIonJsConverted } from './ion-input';
import { readWithIonJs } from './ion-js-reader';
import { ION_SYMBOL_TABLE } from './ion-system-symbols';
import { IonTextWriter } from './ion-text-writer';
import { IonTypeError } from './ion-type.error';
import { IonAnnotated, IonSymbol, IonValue } from './ion-value';
import { Reusable } from './reusable';

export type IonFormat = 'text' | 'binary';

const VERSION_MARKER_TEXT = /^\$ion_[0-9]+_[0-9]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });
const binaryWriters = new Reusable(() => new IonBinaryWriter());
const textWriters = new Reusable(() => new IonTextWriter());

/**
 * The one top-level value of Ion text (a string, or bytes without the binary version marker) or Ion
 * binary. Values come back as plain JavaScript wherever that maps back to the same Ion value, as the
 * wrapper classes otherwise. Throws IonFormatError for malformed input or not exactly one value.
 */
export function fromIon(textOrBinary: string | Uint8Array): IonValue {
  if (typeof textOrBinary === 'string') return readWithIonJs(textOrBinary);
  if (!(textOrBinary instanceof Uint8Array)) {
    throw new IonTypeError(`fromIon takes Ion text (string) or bytes (Uint8Array), not ${describeValue(textOrBinary)}`, textOrBinary);
  }
  if (isIonBinary(textOrBinary)) return readIonBinary(textOrBinary);
  return readWithIonJs(decodeText(textOrBinary));
}

/** `value` (ion-js values included) as Ion text or binary. Throws IonTypeError (naming the value and its path) outside the model. */
export function toIon(value: IonValue, format: 'text'): string;
export function toIon(value: IonValue, format: 'binary'): Uint8Array;
export function toIon(value: IonValue, format: IonFormat): string | Uint8Array;
export function toIon(value: IonValue, format: IonFormat): string | Uint8Array {
  if (format !== 'binary' && format !== 'text') throw new IonTypeError(`toIon format must be 'text' or 'binary', not ${describeValue(format)}`, format);
  return withIonJsConverted(value, (converted) => {
    refuseSystemValue(converted);
    return format === 'binary' ? binaryWriters.use((writer) => writer.write(converted)) : textWriters.use((writer) => writer.write(converted));
  });
}

/**
 * A top-level value that Ion readers take for a symbol table or version marker would not read back
 * (ion-js skips a top-level `$ion_1_0` symbol even when annotated).
 */
function refuseSystemValue(value: IonValue): void {
  const annotatedAsTable = value instanceof IonAnnotated && value.annotations[0] === ION_SYMBOL_TABLE;
  const symbol = value instanceof IonAnnotated ? value.value : value;
  const versionMarker = symbol instanceof IonSymbol && symbol.text !== null && VERSION_MARKER_TEXT.test(symbol.text);
  if (annotatedAsTable || versionMarker) {
    throw new IonTypeError(
      `${describeValue(value)} at $ would read back as an Ion system value (symbol table or version marker), ` +
        'not as data; wrap it in a list or struct',
      value,
    );
  }
}

function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new IonFormatError('Ion input is neither Ion binary (no version marker) nor UTF-8 text', bytes);
  }
}
