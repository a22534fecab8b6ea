// Routes each command to its handler and runs it on the handler's store as one unit: on a ledger,
// one transaction and one block (see EventStore). Handlers may run more than once (an OCC conflict
// reruns the whole command), so they must be pure functions of what they load: no side effects
// before the command commits, no reads from anywhere else.
import type { IonStructObject } from '../ion';
import type { AggregateStore, CommandOptions, CommandOutcome } from './aggregate-store';
import { CommandHandlerNotFoundError, InvalidDefinitionError } from './errors';

/** A class whose instances are commands; its name is the statement the journal records. */
export type CommandClass<C extends object = object> = abstract new (...args: never[]) => C;

/** A command handler: `execute` loads aggregates through repositories, calls their domain methods, returns a result. */
export interface ICommandHandler<C extends object = object, R = unknown> {
  execute(command: C): R | Promise<R>;
}

interface Route {
  handle(command: object): unknown;
  store: AggregateStore;
}

export class CommandBus {
  private readonly routes = new Map<Function, Route>();

  /** Registers the handler of one command class, running on `store`. */
  register<C extends object>(commandType: CommandClass<C>, handle: (command: C) => unknown, store: AggregateStore): void {
    if (typeof commandType !== 'function') throw new InvalidDefinitionError('a command handler is registered for a command class', commandType);
    if (this.routes.has(commandType)) throw new InvalidDefinitionError(`command ${commandType.name} has two handlers`, commandType);
    this.routes.set(commandType, { handle: handle as (command: object) => unknown, store });
  }

  /** Runs the command and returns what its handler returned. */
  async execute<R = unknown>(command: object, options: CommandOptions = {}): Promise<R> {
    return (await this.dispatch<R>(command, options)).value;
  }

  /** Runs the command and returns its outcome: the handler's result, the block it committed and its events. */
  async dispatch<R = unknown>(command: object, options: CommandOptions = {}): Promise<CommandOutcome<R>> {
    const route = typeof command === 'object' && command !== null ? this.routes.get(command.constructor) : undefined;
    if (!route) throw new CommandHandlerNotFoundError(command);
    const record = { name: command.constructor.name, payload: { ...command } as IonStructObject, options };
    return route.store.runCommand(record, async () => (await route.handle(command)) as R);
  }
}
