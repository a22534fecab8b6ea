// The repository of one aggregate class on one store. Inside a command handler, load and create
// work in the command's unit of work (what they return commits with the command); outside a
// command, load reads the committed state and events reads the committed stream. Making one checks
// the aggregate's event definitions against the store's (see EventCatalog).
import { InvalidArgumentError } from '../engine';
import { aggregateDefinition, type AggregateClass, type AggregateDefinition, type AggregateRoot } from './aggregate-root';
import type { AggregateStore } from './aggregate-store';
import { AggregateNotFoundError } from './errors';
import type { RecordedEvent } from './recorded-event';
import { UnitOfWork, type LoadOptions } from './unit-of-work';

export class AggregateRepository<T extends AggregateRoot = AggregateRoot> {
  readonly definition: AggregateDefinition<T>;

  constructor(
    readonly aggregateType: AggregateClass<T>,
    private readonly store: AggregateStore,
  ) {
    this.definition = aggregateDefinition(aggregateType);
    store.catalog.register(this.definition);
  }

  /** The aggregate at its latest version; AggregateNotFoundError when no aggregate has that id. */
  load(id: string, options: LoadOptions = {}): Promise<T> {
    const unit = this.unitOfWork();
    if (unit) return unit.load(this.aggregateType, id, options);
    return this.store.read((reader) => new UnitOfWork(this.store, reader).load(this.aggregateType, id, options));
  }

  /** A new aggregate (id: a new journal id unless given) that commits with the command; only inside a command handler. */
  create(id?: string): Promise<T> {
    const unit = this.unitOfWork();
    if (!unit) throw new InvalidArgumentError(`${this.definition.name} aggregates are created inside a command handler (dispatch a command)`, id);
    return unit.create(this.aggregateType, id);
  }

  /** The committed events of one aggregate from `fromVersion` (default 0) on, upcast, in order. */
  async events(id: string, options: { fromVersion?: number } = {}): Promise<RecordedEvent[]> {
    const { name } = this.definition;
    return this.store.read(async (reader) => {
      const latest = await reader.latest(name, id);
      if (!latest) throw new AggregateNotFoundError(name, id);
      return reader.events(name, id, options.fromVersion ?? 0, latest.version);
    });
  }

  private unitOfWork(): UnitOfWork | undefined {
    const unit = UnitOfWork.current();
    if (unit && unit.store !== this.store) {
      throw new InvalidArgumentError(`this ${this.definition.name} repository belongs to ledger ${JSON.stringify(this.store.name)}, not to the ledger this command runs on`, this.store.name);
    }
    return unit;
  }
}
