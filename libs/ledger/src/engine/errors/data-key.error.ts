// A subject's data key cannot be used: it was shredded (or never made), or its stored form does not
// unwrap (a wrong master key, or a key row altered or moved to another subject). Never names a key.
import { LedgerError } from '../../errors';

export class DataKeyUnavailableError extends LedgerError {
  readonly code = 'DATA_KEY_UNAVAILABLE';

  constructor(subject: string) {
    super(`subject ${JSON.stringify(subject)} has no data key: it was shredded, or never made; what was encrypted under it cannot be read`, subject);
  }
}

export class DataKeyUnreadableError extends LedgerError {
  readonly code = 'DATA_KEY_UNREADABLE';

  constructor(subject: string, what: string) {
    super(`the data key of subject ${JSON.stringify(subject)} cannot be used: ${what}`, subject);
  }
}
