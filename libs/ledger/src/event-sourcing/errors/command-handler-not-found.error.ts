// A command was dispatched that no handler is registered for (naming the @nestjs/cqrs handler that
// claims it instead, when there is one).
import { LedgerError } from '../../errors';

export class CommandHandlerNotFoundError extends LedgerError {
  readonly code = 'COMMAND_HANDLER_NOT_FOUND';

  /** `foreignHandler`: a provider that @nestjs/cqrs's @CommandHandler registered for the command instead. */
  constructor(command: unknown, foreignHandler?: string) {
    const name = commandName(command);
    const hint = foreignHandler
      ? `${foreignHandler} is decorated with @nestjs/cqrs's @CommandHandler(${name}), which registers it on that library's bus: import CommandHandler from 'nestjs-ledger/nest' instead`
      : `decorate a provider with @CommandHandler(${name})`;
    super(`no handler is registered for command ${name}: ${hint}`, command);
  }
}

function commandName(command: unknown): string {
  const name = typeof command === 'object' && command !== null ? command.constructor?.name : undefined;
  return name && name !== 'Object' ? name : String(command);
}
