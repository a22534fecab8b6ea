// A command was dispatched that no handler is registered for.
import { LedgerError } from '../../errors';

export class CommandHandlerNotFoundError extends LedgerError {
  readonly code = 'COMMAND_HANDLER_NOT_FOUND';

  constructor(command: unknown) {
    super(`no handler is registered for command ${commandName(command)}: decorate a provider with @CommandHandler(${commandName(command)})`, command);
  }
}

function commandName(command: unknown): string {
  const name = typeof command === 'object' && command !== null ? command.constructor?.name : undefined;
  return name && name !== 'Object' ? name : String(command);
}
