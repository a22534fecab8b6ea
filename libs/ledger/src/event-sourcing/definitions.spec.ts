// Definitions checked before anything runs: one class per stored event type on a store, upcaster
// chains without gaps, no upcaster for an undeclared type, one handler and one journal name per
// command class, and commands that are instances of classes.
import { AggregateRepository } from './aggregate-repository';
import { Aggregate } from './aggregate.decorator';
import { AggregateRoot } from './aggregate-root';
import { CommandBus } from './command-bus';
import { Command } from './command.decorator';
import { InvalidCommandError, InvalidDefinitionError } from './errors';
import { Event } from './event.decorator';
import { EventHandler } from './event-handler.decorator';
import { creditedUpcaster, OpenWallet, Wallet } from './event-sourcing.fixture';
import { MemoryEventStore } from './testing';
import { UpcasterRegistry } from './upcaster-registry';

@Event('ShipmentCreated')
class ShipmentCreated {
  constructor(readonly trackingNumber: string) {}
}

@Event('ShipmentCreated')
class ParcelCreated {
  constructor(readonly weight: number) {}
}

@Event('Excursion', { version: 3 })
class Excursion {
  constructor(readonly celsius: number) {}
}

@Aggregate('Shipment')
class Shipment extends AggregateRoot {
  trackingNumber = '';

  @EventHandler(ShipmentCreated)
  onCreated(event: ShipmentCreated): void {
    this.trackingNumber = event.trackingNumber;
  }

  @EventHandler(Excursion)
  onExcursion(): void {}
}

@Aggregate('Parcel')
class Parcel extends AggregateRoot {
  weight = 0;

  @EventHandler(ParcelCreated)
  onCreated(event: ParcelCreated): void {
    this.weight = event.weight;
  }
}

const excursionUpcasters = [1, 2].map((fromVersion) => ({ type: 'Excursion', fromVersion, upcast: (p: object) => ({ ...p }) }));

function store(upcasters = excursionUpcasters) {
  return new MemoryEventStore(new UpcasterRegistry([creditedUpcaster, ...upcasters]));
}

describe('event definitions on a store', () => {
  it('refuses two classes stored under one event type, naming both and their aggregates', () => {
    const shared = store();
    new AggregateRepository(Shipment, shared);
    expect(() => new AggregateRepository(Parcel, shared)).toThrow(
      new InvalidDefinitionError('event type "ShipmentCreated" is declared by two classes: ShipmentCreated (aggregate Shipment) and ParcelCreated (aggregate Parcel); give each its own @Event name', 'ShipmentCreated'),
    );
    expect(() => new AggregateRepository(Parcel, store())).not.toThrow();
  });

  it('refuses an event class at version N without upcasters from every version below it, or with one beyond it', () => {
    expect(() => new AggregateRepository(Shipment, store(excursionUpcasters.slice(0, 1)))).toThrow(
      'event class Excursion is @Event("Excursion") version 3, but no upcaster reads version 2: stored events of version 2 would reach it unconverted; give an upcaster { type: "Excursion", fromVersion: 2 }',
    );
    expect(() => new AggregateRepository(Wallet, new MemoryEventStore())).toThrow(/Credited is @Event\("Credited"\) version 2, but no upcaster reads version 1/);
    const beyond = [...excursionUpcasters, { type: 'Excursion', fromVersion: 3, upcast: (p: object) => p }];
    expect(() => new AggregateRepository(Shipment, store(beyond))).toThrow('an upcaster reads "Excursion" version 3, but event class Excursion is at version 3: raise its @Event version or remove the upcaster');
  });

  it('refuses an upcaster for a type nothing declares', () => {
    expect(() => store([{ type: 'ShipmentCreatd', fromVersion: 1, upcast: (p: object) => p }])).toThrow(
      'an upcaster reads event type "ShipmentCreatd" (version 1), but no @Event class, @EventHandler or @On declares that type: is it misspelled?',
    );
    expect(() => store([{ type: 'WalletFrozen', fromVersion: 1, upcast: (p: object) => p }])).not.toThrow();
  });
});

describe('commands on the bus', () => {
  @Command('wallet.open')
  class OpenNamed {}
  @Command('wallet.open')
  class OpenRenamed {}
  class OpenWalletTwin {}
  Object.defineProperty(OpenWalletTwin, 'name', { value: 'OpenWallet' });

  it('records a command under its @Command name, and refuses two classes under one name', async () => {
    const memory = store();
    const bus = new CommandBus();
    bus.register(OpenNamed, async () => (await new AggregateRepository(Wallet, memory).create()).open('x'), memory);
    const { events } = await bus.dispatch(new OpenNamed());
    expect(events.map((e) => e.command)).toEqual(['wallet.open']);
    expect(() => bus.register(OpenRenamed, () => undefined, memory)).toThrow('command classes OpenNamed and OpenRenamed are both recorded as "wallet.open": give one of them another @Command name');
    bus.register(OpenWallet, () => undefined, memory);
    expect(() => bus.register(OpenWalletTwin, () => undefined, memory)).toThrow(/command classes OpenWallet and OpenWallet are both recorded as "OpenWallet"/);
  });

  it('refuses a second handler, naming both', () => {
    const bus = new CommandBus();
    bus.register(OpenWallet, function openWallet() {}, store());
    expect(() => bus.register(OpenWallet, () => undefined, store(), 'Handlers.open')).toThrow('command OpenWallet has two handlers: openWallet and Handlers.open');
  });

  it('refuses a command that is not an instance of a class, saying what was given', async () => {
    const bus = new CommandBus();
    await expect(bus.execute({ trackingNumber: 'TRK-1', carrier: 'x' })).rejects.toThrow(
      new InvalidCommandError('{ trackingNumber, carrier } (a plain object)', 'a command must be an instance of a class (new Deposit(...)), not a plain object or another value; build one from the request body'),
    );
    await expect(bus.execute('ShipIt' as never)).rejects.toThrow(/command "ShipIt" is invalid: a command must be an instance of a class/);
    await expect(bus.execute(null as never)).rejects.toThrow(/command null is invalid/);
  });
});
