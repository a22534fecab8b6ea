// @CommandHandler(Deposit): on a provider class with `execute(command)`, or on one of a provider's
// methods. Found at bootstrap; the handler runs on the default ledger unless given `{ ledger }`.
import { SetMetadata } from '@nestjs/common';
import type { CommandClass } from '../event-sourcing';

export const COMMAND_HANDLER_METADATA = 'nestjs-ledger:command-handler';

export interface CommandHandlerMetadata {
  command: CommandClass;
  /** The name of the ledger it runs on (default: the default ledger). */
  ledger?: string;
}

export function CommandHandler(command: CommandClass, options: { ledger?: string } = {}): ClassDecorator & MethodDecorator {
  return SetMetadata<string, CommandHandlerMetadata>(COMMAND_HANDLER_METADATA, { command, ...options });
}
