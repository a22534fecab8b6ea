// Event versioning: upcasters turn a stored payload of one schema version into the next, and the
// registry chains them on read until no upcaster applies. The stored event, and so its hash and
// every proof through it, never changes.
import type { IonStructObject } from '../ion';
import { InvalidDefinitionError } from './errors';

export interface EventUpcaster {
  /** The event type it applies to (the name given with @Event, or the plain event's type). */
  type: string;
  /** The schema version it reads; it returns the payload of version fromVersion + 1. */
  fromVersion: number;
  upcast(payload: IonStructObject): IonStructObject;
}

interface Versioned {
  type: string;
  schemaVersion: number;
  payload: IonStructObject;
}

export class UpcasterRegistry {
  private readonly upcasters = new Map<string, EventUpcaster>();

  constructor(upcasters: readonly EventUpcaster[] = []) {
    for (const upcaster of upcasters) this.register(upcaster);
  }

  register(upcaster: EventUpcaster): void {
    const valid = typeof upcaster?.type === 'string' && Number.isSafeInteger(upcaster.fromVersion) && upcaster.fromVersion >= 1 && typeof upcaster.upcast === 'function';
    if (!valid) throw new InvalidDefinitionError('an upcaster is { type: string, fromVersion: integer >= 1, upcast(payload) }', upcaster);
    const key = keyOf(upcaster.type, upcaster.fromVersion);
    if (this.upcasters.has(key)) throw new InvalidDefinitionError(`two upcasters read ${upcaster.type} version ${upcaster.fromVersion}`, upcaster);
    this.upcasters.set(key, upcaster);
  }

  /** True when an upcaster reads `type` at `fromVersion`. */
  has(type: string, fromVersion: number): boolean {
    return this.upcasters.has(keyOf(type, fromVersion));
  }

  /** Every registered upcaster. */
  all(): EventUpcaster[] {
    return [...this.upcasters.values()];
  }

  /** The event with its payload brought through every upcaster that applies, in version order. */
  upcast<E extends Versioned>(event: E): E {
    if (this.upcasters.size === 0) return event;
    let current = event;
    for (let upcaster; (upcaster = this.upcasters.get(keyOf(current.type, current.schemaVersion))); ) {
      current = { ...current, schemaVersion: current.schemaVersion + 1, payload: upcaster.upcast(current.payload) };
    }
    return current;
  }
}

function keyOf(type: string, version: number): string {
  return `${version}:${type}`;
}
