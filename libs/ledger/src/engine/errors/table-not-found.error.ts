// A statement names a table that does not exist or has been dropped.
import { LedgerError } from '../../errors';

export class TableNotFoundError extends LedgerError {
  readonly code = 'TABLE_NOT_FOUND';

  constructor(table: string, detail = 'no active table has that name; create it with createTable') {
    super(`table ${JSON.stringify(table)} not found: ${detail}`, table);
  }
}
