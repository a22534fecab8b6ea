// Given/when/then for command handlers, with no database: given past events of some aggregates,
// when a command runs through the command bus on a MemoryEventStore, then it raised exactly these
// events (compared by type and payload as Ion values) or failed with this error, and committed nothing.
import { deepStrictEqual, fail } from 'node:assert/strict';
import { fromIon, toIon, type IonStructObject } from '../../ion';
import type { AggregateClass, AggregateRoot } from '../aggregate-root';
import { AggregateRepository } from '../aggregate-repository';
import type { CommandOptions, CommandOutcome } from '../aggregate-store';
import { CommandBus, type CommandClass, type ICommandHandler } from '../command-bus';
import { describeEvent } from '../event-type';
import type { EventUpcaster } from '../upcaster-registry';
import { UpcasterRegistry } from '../upcaster-registry';
import { MemoryEventStore } from './memory-event-store';

type ErrorClass = abstract new (...args: never[]) => Error;

export class CommandSpecification {
  readonly store: MemoryEventStore;
  private readonly bus = new CommandBus();

  constructor(options: { upcasters?: readonly EventUpcaster[] } = {}) {
    this.store = new MemoryEventStore(new UpcasterRegistry(options.upcasters));
  }

  /** A repository on the in-memory store, to construct handlers with. */
  repository<T extends AggregateRoot>(type: AggregateClass<T>): AggregateRepository<T> {
    return new AggregateRepository(type, this.store);
  }

  /** Registers a handler (an object with execute, or a function) for a command class. */
  handle<C extends object>(commandType: CommandClass<C>, handler: ICommandHandler<C> | ((command: C) => unknown)): this {
    this.bus.register(commandType, typeof handler === 'function' ? handler : (command: C) => handler.execute(command), this.store);
    return this;
  }

  /** Starts a scenario: the store is emptied, then holds these past events of one aggregate. */
  given<T extends AggregateRoot>(type: AggregateClass<T>, id: string, ...events: object[]): Scenario {
    this.store.clear();
    return new Scenario(this.store, this.bus).given(type, id, ...events);
  }

  /** Starts a scenario with no past events. */
  when(command: object, options?: CommandOptions): Outcome {
    this.store.clear();
    return new Scenario(this.store, this.bus).when(command, options);
  }
}

export class Scenario {
  constructor(
    private readonly store: MemoryEventStore,
    private readonly bus: CommandBus,
  ) {}

  /** Adds past events of one more aggregate. */
  given<T extends AggregateRoot>(type: AggregateClass<T>, id: string, ...events: object[]): this {
    this.store.seed(type, id, events);
    return this;
  }

  when(command: object, options?: CommandOptions): Outcome {
    return new Outcome(() => this.bus.dispatch(command, options));
  }
}

export class Outcome {
  constructor(private readonly run: () => Promise<CommandOutcome>) {}

  /** Asserts the command succeeded and raised exactly `expected`, in order; returns its outcome. */
  async thenEvents(...expected: object[]): Promise<CommandOutcome> {
    const outcome = await this.run();
    const actual = outcome.events.map((e) => ({ type: e.type, payload: e.payload }));
    deepStrictEqual(actual, expected.map(normalized), 'the command raised other events than expected');
    return outcome;
  }

  /** Asserts the command failed with an error of `expected` (class) whose message matches `message`; returns the error. */
  async thenError(expected: ErrorClass, message?: RegExp | string): Promise<Error> {
    let outcome: CommandOutcome;
    try {
      outcome = await this.run();
    } catch (error) {
      if (!(error instanceof expected)) fail(`expected ${expected.name}, but the command failed with ${String(error)}`);
      if (message !== undefined && !new RegExp(message).test(error.message)) fail(`expected a message matching ${String(message)}, got: ${error.message}`);
      return error;
    }
    return fail(`expected ${expected.name}, but the command succeeded and raised ${outcome.events.map((e) => e.type).join(', ') || 'no event'}`);
  }
}

function normalized(event: object): { type: string; payload: IonStructObject } {
  const { type, payload } = describeEvent(event);
  return { type, payload: fromIon(toIon(payload, 'binary')) as IonStructObject };
}
