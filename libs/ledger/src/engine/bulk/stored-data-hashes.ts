// verify()'s comparison of the current documents with the journal: the Ion hash of each stored
// document's data, null where the data is not Ion. Runs in the calling thread or in a worker.
import { fromIon, IonFormatError, ionHashOfBinary } from '../../ion';

/** H(data) of each stored value; null for one that is not an Ion binary value. */
export function storedDataHashes(values: readonly unknown[]): (Uint8Array | null)[] {
  return values.map(storedDataHash);
}

/** H(data) of a stored value, from its bytes; null when it is not Ion (fromIon refuses it). */
export function storedDataHash(value: unknown): Uint8Array | null {
  if (!(value instanceof Uint8Array)) return null;
  try {
    return ionHashOfBinary(value);
  } catch (error) {
    if (error instanceof IonFormatError) return null;
    throw error;
  }
}

/** The stored Ion binary `value` decoded, or undefined when it is not Ion. */
export function decodeStored(value: unknown): ReturnType<typeof fromIon> | undefined {
  if (!(value instanceof Uint8Array)) return undefined;
  try {
    return fromIon(value);
  } catch {
    return undefined;
  }
}
