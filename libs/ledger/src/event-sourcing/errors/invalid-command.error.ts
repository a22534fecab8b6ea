// A command that cannot be carried out as given (a validation failure, a payload that is not an
// Ion value). Thrown by the command bus and by handlers or aggregates; nothing was written.
import { LedgerError } from '../../errors';

export class InvalidCommandError extends LedgerError {
  readonly code = 'INVALID_COMMAND';

  /** `command` is the command object, or its name. */
  constructor(command: object | string, reason: string) {
    super(`command ${typeof command === 'string' ? command : command.constructor?.name} is invalid: ${reason}`, command);
  }
}
