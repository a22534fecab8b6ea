// Reads a stream of top-level Ion values (text, or binary with one or several version markers)
// one at a time, as journal export files hold them; malformed or truncated input is an
// IonFormatError naming how many values were read before it.
import { makeReader } from 'ion-js';
import { isIonBinary, readIonBinaryStream } from './ion-binary-reader';
import { IonFormatError } from './ion-format.error';
import { readCurrentValue } from './ion-js-reader';
import { readIonTextFast } from './ion-text-fast-reader';
import type { IonValue } from './ion-value';

/**
 * The top-level values of `input`, in order: binary through the project's strict reader, text
 * through the fast text reader where it reads all of it, through ion-js otherwise.
 */
export function* readIonStream(input: string | Uint8Array): Generator<IonValue> {
  if (input instanceof Uint8Array && isIonBinary(input)) {
    yield* readBinary(input);
    return;
  }
  const values = typeof input === 'string' ? readIonTextFast(input) : undefined;
  yield* values ?? readIonStreamWithIonJs(input);
}

/** The top-level values of Ion text (or binary) as ion-js's reader reads them: the reference of the fast text reader. */
export function* readIonStreamWithIonJs(input: string | Uint8Array): Generator<IonValue> {
  let count = 0;
  const reader = guard(count, () => makeReader(input));
  while (guard(count, () => reader.next()) !== null) {
    yield guard(count, () => readCurrentValue(reader));
    count++;
  }
}

function* readBinary(input: Uint8Array): Generator<IonValue> {
  let count = 0;
  const values = readIonBinaryStream(input);
  for (let next = guard(count, () => values.next()); !next.done; next = guard(count, () => values.next())) {
    yield next.value;
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
