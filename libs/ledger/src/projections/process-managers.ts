// The process managers of one ledger: registers @ProcessManager instances (or their definitions),
// each run by its own ProcessManagerRunner over the ledger's event store and a command bus, so a
// failing one stops alone (logged, resuming from the failed event when started again). Used by the
// Nest module (which registers the providers its discovery finds, starts them at bootstrap and
// stops them before shutdown) and on its own without Nest.
import { InvalidArgumentError } from '../engine';
import { InvalidDefinitionError, ProcessManagerRunner, type CatchUpResult, type CommandBus, type EventPosition, type EventStore } from '../event-sourcing';
import { processManagerDefinition, type ProcessManagerDefinition } from './process-manager-definition';
import { processManagerMetadata } from './process-manager.decorator';
import type { ProjectionLogger } from './projection-runner';
import { consoleLogger } from './projections';

export interface ProcessManagersOptions {
  /** Where a manager that stopped on a failure is reported (default: the console). */
  logger?: ProjectionLogger;
}

interface Registered {
  definition: ProcessManagerDefinition;
  runner: ProcessManagerRunner;
}

export class ProcessManagers {
  private readonly registered = new Map<string, Registered>();
  private readonly logger: ProjectionLogger;

  constructor(
    readonly store: EventStore,
    private readonly bus: CommandBus,
    options: ProcessManagersOptions = {},
  ) {
    this.logger = options.logger ?? consoleLogger;
  }

  /** The names of the registered process managers. */
  get names(): string[] {
    return [...this.registered.keys()];
  }

  /** Registers a @ProcessManager instance (or a definition built from one); it runs once started. */
  register(manager: object): ProcessManagerDefinition {
    const definition = isDefinition(manager) ? manager : processManagerDefinition(manager);
    const existing = this.registered.get(definition.name);
    if (existing) {
      throw new InvalidDefinitionError(
        `two process managers are named ${JSON.stringify(definition.name)} (${existing.definition.className} and ${definition.className}): each needs its own name, which keys its checkpoint and its commands' idempotency keys`,
        definition.name,
      );
    }
    const runner = new ProcessManagerRunner(definition.name, this.store, this.bus, definition.react, definition.options);
    this.registered.set(definition.name, { definition, runner });
    return definition;
  }

  /** Starts one process manager, or all that are not running, following the journal from their checkpoints. */
  async start(name?: string): Promise<void> {
    for (const { definition, runner } of this.select(name)) {
      if (!runner.running) await runner.start((error) => this.reportFailure(definition, error));
    }
  }

  /** Stops one process manager, or all, once the event at hand is handled, saving their checkpoints. */
  async stop(name?: string): Promise<void> {
    await Promise.all(this.select(name).map(({ runner }) => runner.stop()));
  }

  /** True while a process manager follows the journal. */
  running(name: string): boolean {
    return this.select(name)[0].runner.running;
  }

  /** Handles the events committed after a stopped process manager's checkpoint, up to the tip. */
  async catchUp(name: string): Promise<CatchUpResult> {
    const [{ runner }] = this.select(name);
    if (runner.running) throw new InvalidArgumentError(`process manager ${name} is running: stop it before catching it up`, name);
    return runner.catchUp();
  }

  /** The position of the next event a process manager handles. */
  checkpoint(name: string): Promise<EventPosition> {
    return this.select(name)[0].runner.checkpoint();
  }

  private reportFailure(definition: ProcessManagerDefinition, error: unknown): void {
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error(`process manager ${definition.name} (${definition.className}) stopped: ${reason}; started again, it resumes from the event that failed`, error instanceof Error ? error.stack : undefined);
  }

  private select(name: string | undefined): Registered[] {
    if (name === undefined) return [...this.registered.values()];
    const registered = this.registered.get(name);
    if (!registered) throw new InvalidArgumentError(`no process manager is named ${JSON.stringify(name)} (registered: ${this.names.join(', ') || 'none'})`, name);
    return [registered];
  }
}

/** True for a definition (as the Nest module builds them), not a @ProcessManager instance that happens to have `name` and `react`. */
function isDefinition(value: object): value is ProcessManagerDefinition {
  if (typeof value.constructor === 'function' && processManagerMetadata(value.constructor)) return false;
  return typeof (value as ProcessManagerDefinition).react === 'function' && typeof (value as ProcessManagerDefinition).name === 'string';
}
