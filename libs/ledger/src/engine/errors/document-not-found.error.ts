// An update or delete names a document that the table does not hold (never inserted, or deleted).
import { LedgerError } from '../../errors';

export class DocumentNotFoundError extends LedgerError {
  readonly code = 'DOCUMENT_NOT_FOUND';

  constructor(table: string, documentId: string) {
    super(`document ${JSON.stringify(documentId)} not found in table ${JSON.stringify(table)}`, documentId);
  }
}
