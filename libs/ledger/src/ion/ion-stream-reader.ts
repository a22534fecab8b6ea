// Reads a stream of top-level Ion values (text, or binary with one or several version markers)
// one at a time, as journal export files hold them; malformed or truncated input is an
// IonFormatError naming how many values were read before it.
import { makeReader } from 'ion-js';
import { isIonBinary, readIonBinaryStream } from './ion-binary-reader';
import { IonFormatError } from './ion-format.error';
import { readCurrentValue } from './ion-js-reader';
import type { IonValue } from './ion-value';

/** The top-level values of `input`, in order: binary through the project's strict reader, text through ion-js. */
export function* readIonStream(input: string | Uint8Array): Generator<IonValue> {
  let count = 0;
  if (input instanceof Uint8Array && isIonBinary(input)) {
    const values = readIonBinaryStream(input);
    for (let next = guard(count, () => values.next()); !next.done; next = guard(count, () => values.next())) {
      yield next.value;
      count++;
    }
    return;
  }
  const reader = guard(count, () => makeReader(input));
  while (guard(count, () => reader.next()) !== null) {
    yield guard(count, () => readCurrentValue(reader));
    count++;
  }
}

function guard<T>(count: number, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const problem = error instanceof Error ? error.message : String(error);
    throw new IonFormatError(`malformed or truncated Ion after ${count} value${count === 1 ? '' : 's'}: ${problem}`, count);
  }
}
