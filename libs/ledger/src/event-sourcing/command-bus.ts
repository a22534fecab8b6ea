// Routes each command to its handler and runs it on the handler's store as one unit: on a ledger,
// one transaction and one block (see EventStore). Handlers may run more than once (an OCC conflict
// reruns the whole command), so they must be pure functions of what they load: no side effects
// before the command commits, no reads from anywhere else. A command run from inside a running
// handler joins that handler's command: same transaction, same block, retried with it.
import { isPlainObject } from '../ion';
import type { AggregateStore, CommandOptions, CommandOutcome, CommandRecord } from './aggregate-store';
import { commandNameOf } from './command.decorator';
import { CommandHandlerNotFoundError, InvalidCommandError, InvalidDefinitionError } from './errors';
import { UnitOfWork } from './unit-of-work';
import { encodeFields } from './value-object';

/** A class whose instances are commands; its @Command name (else its class name) is the statement the journal records. */
export type CommandClass<C extends object = object> = abstract new (...args: never[]) => C;

/** A command handler: `execute` loads aggregates through repositories, calls their domain methods, returns a result. */
export interface ICommandHandler<C extends object = object, R = unknown> {
  execute(command: C): R | Promise<R>;
}

interface Route {
  handle(command: object): unknown;
  store: AggregateStore;
  /** Who handles it (in errors): a provider's method, or the function's name. */
  handler: string;
}

export class CommandBus {
  private readonly routes = new Map<Function, Route>();
  private readonly names = new Map<string, Function>();
  private readonly foreignHandlers = new Map<Function, string>();

  /**
   * Registers the handler of one command class, running on `store`; `handler` names it in errors.
   * InvalidDefinitionError for a second handler of the class, or another class recorded under the same name.
   */
  register<C extends object>(commandType: CommandClass<C>, handle: (command: C) => unknown, store: AggregateStore, handler = handle.name || 'a function'): void {
    if (typeof commandType !== 'function') throw new InvalidDefinitionError('a command handler is registered for a command class', commandType);
    const existing = this.routes.get(commandType);
    if (existing) throw new InvalidDefinitionError(`command ${commandType.name} has two handlers: ${existing.handler} and ${handler}`, commandType);
    const name = commandNameOf(commandType);
    const namesake = this.names.get(name);
    if (namesake) throw new InvalidDefinitionError(`command classes ${namesake.name} and ${commandType.name} are both recorded as ${JSON.stringify(name)}: give one of them another @Command name`, name);
    this.names.set(name, commandType);
    this.routes.set(commandType, { handle: handle as (command: object) => unknown, store, handler });
  }

  /** True when a handler is registered for the command class. */
  handles(commandType: Function): boolean {
    return this.routes.has(commandType);
  }

  /** Notes that another library's handler (`where`) claims this command class, so a missing handler's error can say so. */
  noteForeignHandler(commandType: Function, where: string): void {
    this.foreignHandlers.set(commandType, where);
  }

  /** Runs the command and returns what its handler returned. */
  async execute<R = unknown>(command: object, options: CommandOptions = {}): Promise<R> {
    return (await this.dispatch<R>(command, options)).value;
  }

  /**
   * Runs the command and returns its outcome: the handler's result, the block it committed and its
   * events. Run from inside a handler, the command joins that handler's command: its outcome is
   * `{ value, events: [], joined: true }`, and its events commit in that command's block.
   */
  async dispatch<R = unknown>(command: object, options: CommandOptions = {}): Promise<CommandOutcome<R>> {
    const route = this.routeOf(command);
    const record: CommandRecord = { name: commandNameOf(command.constructor), payload: encodeFields(command), options };
    const work = async () => (await route.handle(command)) as R;
    const unit = UnitOfWork.current();
    if (unit) return { value: await unit.join(record, route.store, work), events: [], joined: true };
    return route.store.runCommand(record, work);
  }

  private routeOf(command: object): Route {
    if (typeof command !== 'object' || command === null || isPlainObject(command) || Array.isArray(command)) {
      throw new InvalidCommandError(describeValue(command), 'a command must be an instance of a class (new Deposit(...)), not a plain object or another value; build one from the request body');
    }
    const route = this.routes.get(command.constructor);
    if (!route) throw new CommandHandlerNotFoundError(command, this.foreignHandlers.get(command.constructor));
    return route;
  }
}

/** A short description of a value that is not a command, for errors. */
function describeValue(value: unknown): string {
  if (isPlainObject(value)) return `{ ${Object.keys(value).slice(0, 5).join(', ')}${Object.keys(value).length > 5 ? ', …' : ''} } (a plain object)`;
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
