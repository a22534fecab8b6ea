// An export that cannot be imported: incomplete, malformed, truncated, out of order, or with a
// block that does not verify. The message names the file and the block; nothing was written.
import { LedgerError } from '../errors';

export interface ImportRefusalPlace {
  file?: string;
  sequenceNo?: number;
}

export class ImportRefusedError extends LedgerError {
  readonly code = 'IMPORT_REFUSED';

  constructor(
    message: string,
    readonly place: ImportRefusalPlace = {},
  ) {
    super(`import refused: ${message}; nothing was imported`, place);
  }
}
