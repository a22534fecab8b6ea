// Values across the driver's boundary, both ways through Ion binary as the QLDB driver sent them:
// a parameter (plain JavaScript or an ion-js dom value) is written with ion-js's binary writer and
// read by this library's binary reader; a result is written by this library's binary writer and
// loaded as an ion-js dom value. Binary keeps every value exact (ints past 2^64, decimals,
// timestamps with their precision and offset, annotations, clobs, s-expressions).
import { dom, dumpBinary } from 'ion-js';
import { describeValue } from '../errors';
import { fromIon, IonTypeError, toIon, type IonValue } from '../ion';

/** The parameter at `position` (from 1) as the Ion value the QLDB driver would have sent. */
export function parameterValue(parameter: unknown, position: number): IonValue {
  let bytes: Uint8Array;
  try {
    bytes = dumpBinary(parameter);
  } catch (error) {
    throw new IonTypeError(
      `parameter ${position} (${describeValue(parameter)}) cannot be written as Ion: ${(error as Error).message}`,
      parameter,
    );
  }
  return fromIon(bytes);
}

/** A statement's value as the ion-js dom value the QLDB driver handed out. */
export function domValue(value: IonValue): dom.Value {
  return dom.load(toIon(value, 'binary'))!;
}
