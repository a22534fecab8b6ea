// The event definitions one store works with, checked as aggregates are registered on it (at
// bootstrap in a Nest application): one class per stored event type across its aggregates, an
// upcaster chain from version 1 for every event class declared at a later version and none beyond
// it, and no upcaster for a type that nothing declares. Each error names both sides.
import type { AggregateDefinition } from './aggregate-root';
import { InvalidDefinitionError } from './errors';
import { eventVersionOfClass, isDeclaredEventType, type EventClass } from './event-type';
import type { UpcasterRegistry } from './upcaster-registry';

interface Declared {
  eventClass: EventClass;
  aggregate: string;
}

export class EventCatalog {
  private readonly types = new Map<string, Declared>();
  private readonly aggregates = new Set<AggregateDefinition>();

  constructor(readonly upcasters: UpcasterRegistry) {
    for (const upcaster of upcasters.all()) {
      if (!isDeclaredEventType(upcaster.type)) {
        throw new InvalidDefinitionError(`an upcaster reads event type ${JSON.stringify(upcaster.type)} (version ${upcaster.fromVersion}), but no @Event class, @EventHandler or @On declares that type: is it misspelled?`, upcaster.type);
      }
    }
  }

  /** Checks an aggregate's event classes against those already registered and against the upcasters. */
  register(definition: AggregateDefinition): void {
    if (this.aggregates.has(definition)) return;
    for (const [type, eventClass] of definition.eventClasses) {
      this.checkUnique(type, { eventClass, aggregate: definition.name });
      this.checkChain(type, eventClass);
    }
    this.aggregates.add(definition);
  }

  private checkUnique(type: string, declared: Declared): void {
    const known = this.types.get(type);
    if (known && known.eventClass !== declared.eventClass) {
      throw new InvalidDefinitionError(
        `event type ${JSON.stringify(type)} is declared by two classes: ${known.eventClass.name} (aggregate ${known.aggregate}) and ${declared.eventClass.name} (aggregate ${declared.aggregate}); give each its own @Event name`,
        type,
      );
    }
    this.types.set(type, declared);
  }

  private checkChain(type: string, eventClass: EventClass): void {
    const version = eventVersionOfClass(eventClass);
    for (let from = 1; from < version; from++) {
      if (!this.upcasters.has(type, from)) {
        throw new InvalidDefinitionError(
          `event class ${eventClass.name} is @Event(${JSON.stringify(type)}) version ${version}, but no upcaster reads version ${from}: stored events of version ${from} would reach it unconverted; give an upcaster { type: ${JSON.stringify(type)}, fromVersion: ${from} }`,
          type,
        );
      }
    }
    if (this.upcasters.has(type, version)) {
      throw new InvalidDefinitionError(`an upcaster reads ${JSON.stringify(type)} version ${version}, but event class ${eventClass.name} is at version ${version}: raise its @Event version or remove the upcaster`, type);
    }
  }
}
