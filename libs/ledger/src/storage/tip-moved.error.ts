// A write built on a journal tip that is no longer the tip: another writer appended blocks first.
// Nothing of the write was committed; the writer reloads the tip and builds its blocks again.
import { StorageError } from './storage.error';

export class TipMovedError extends StorageError {
  override readonly code = 'TIP_MOVED';

  constructor(expectedSequenceNo: number) {
    super(`the journal's tip is no longer block ${expectedSequenceNo}: another writer appended blocks first, and nothing was written`, expectedSequenceNo);
  }
}
