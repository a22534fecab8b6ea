import { Injectable, Module } from '@nestjs/common';
import { AggregateRoot as CqrsAggregateRoot, CommandHandler as CqrsCommandHandler, CqrsModule, EventBus, EventsHandler, ofType, Saga, type ICommandHandler, type IEventHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { map, type Observable } from 'rxjs';
import { Ledger } from '../engine';
import { removeTempLedgers, tempLedgerPath } from '../engine/test-ledger.fixture';
import { Aggregate, AggregateRoot, CommandBus, Event, EventHandler, EventStore, InvalidDefinitionError, type AggregateRepository } from '../event-sourcing';
import { CreditWallet, Credited, creditedUpcaster, OpenWallet, Wallet } from '../event-sourcing/event-sourcing.fixture';
import { newJournalId } from '../journal';
import { CommandHandler } from './command-handler.decorator';
import { InjectAggregateRepository } from './inject-aggregate-repository.decorator';
import { InjectEventStore } from './inject-event-store.decorator';
import { InjectLedger } from './inject-ledger.decorator';
import type { LedgerModuleOptions, LedgerOptionsFactory } from './ledger-module-options';
import { LedgerModule } from './ledger.module';
import { WalletCommandHandlers } from './wallet.fixture';

afterAll(removeTempLedgers);

function sqlite(name: string): LedgerModuleOptions {
  return { name, storage: { type: 'sqlite', database: tempLedgerPath(name) }, upcasters: [creditedUpcaster] };
}

@Module({ imports: [LedgerModule.forFeature([Wallet])], providers: [WalletCommandHandlers] })
class WalletModule {}

async function start(imports: unknown[], providers: unknown[] = []) {
  const moduleRef = await Test.createTestingModule({ imports: imports as never[], providers: providers as never[] }).compile();
  return moduleRef.init();
}

describe('LedgerModule', () => {
  it('opens the ledger from a factory, a class or an existing provider', async () => {
    @Injectable()
    class Settings implements LedgerOptionsFactory {
      readonly path = tempLedgerPath('settings');
      createLedgerOptions(): LedgerModuleOptions {
        return { name: 'fromClass', storage: { type: 'sqlite', database: this.path }, upcasters: [creditedUpcaster] };
      }
    }
    @Module({ providers: [Settings], exports: [Settings] })
    class SettingsModule {}
    const registrations = [
      LedgerModule.forRootAsync({ imports: [SettingsModule], inject: [Settings], useFactory: async (s: Settings) => ({ ...s.createLedgerOptions(), name: 'fromFactory' }) }),
      LedgerModule.forRootAsync({ useClass: Settings }),
      LedgerModule.forRootAsync({ imports: [SettingsModule], useExisting: Settings }),
    ];
    const names = [];
    for (const registration of registrations) {
      const app = await start([registration, WalletModule]);
      names.push(app.get(Ledger).name);
      const id = await app.get(CommandBus).execute(new OpenWallet(newJournalId(), 'x'));
      expect((await app.get(EventStore).repository(Wallet).load(id as string)).owner).toBe('x');
      await app.close();
    }
    expect(names).toEqual(['fromFactory', 'fromClass', 'fromClass']);
  });

  it('serves several named ledgers, each command on its handler\'s ledger', async () => {
    class Note {
      constructor(readonly walletId: string) {}
    }
    @Injectable()
    class AuditHandlers {
      constructor(
        @InjectAggregateRepository(Wallet, 'audit') private readonly wallets: AggregateRepository<Wallet>,
        @InjectLedger('audit') readonly ledger: Ledger,
        @InjectEventStore('audit') readonly store: EventStore,
        @InjectLedger() readonly main: Ledger,
      ) {}

      @CommandHandler(Note, { ledger: 'audit' })
      async note(command: Note) {
        (await this.wallets.create(command.walletId)).open('auditor');
      }
    }
    const app = await start(
      [LedgerModule.forRoot(sqlite('bank')), LedgerModule.forRoot({ ...sqlite('audit'), default: false }), WalletModule, LedgerModule.forFeature([Wallet], 'audit')],
      [AuditHandlers],
    );
    const handlers = app.get(AuditHandlers);
    expect([handlers.main.name, handlers.ledger.name, handlers.store.name, app.get(Ledger).name]).toEqual(['bank', 'audit', 'audit', 'bank']);
    const [onBank, onAudit] = [newJournalId(), newJournalId()];
    await app.get(CommandBus).execute(new OpenWallet(onBank, 'teller'));
    const { block } = await app.get(CommandBus).dispatch(new Note(onAudit));
    expect(block!.blockAddress.strandId).toBe(handlers.ledger.strandId);
    expect((await handlers.store.repository(Wallet).load(onAudit)).owner).toBe('auditor');
    await expect(app.get(EventStore).repository(Wallet).load(onAudit)).rejects.toThrow(/not found/);
    await app.close();
  });

  it('refuses two default ledgers, and a handler on a ledger that is not registered', async () => {
    await expect(start([LedgerModule.forRoot(sqlite('one')), LedgerModule.forRoot(sqlite('two'))])).rejects.toThrow(InvalidDefinitionError);
    class Orphan {}
    @Injectable()
    class OrphanHandler {
      @CommandHandler(Orphan, { ledger: 'nowhere' })
      handle() {}
    }
    await expect(start([LedgerModule.forRoot(sqlite('three'))], [OrphanHandler])).rejects.toThrow(
      'command handler OrphanHandler.handle runs on a ledger named "nowhere", but LedgerModule.forRoot registered none',
    );
  });

  it('fails bootstrap when two aggregates store different event classes under one @Event name', async () => {
    @Event('ShipmentCreated')
    class ShipmentCreated {}
    @Event('ShipmentCreated')
    class ParcelCreated {}
    @Aggregate('Shipment')
    class Shipment extends AggregateRoot {
      @EventHandler(ShipmentCreated) onCreated() {}
    }
    @Aggregate('Parcel')
    class Parcel extends AggregateRoot {
      @EventHandler(ParcelCreated) onCreated() {}
    }
    await expect(start([LedgerModule.forRoot(sqlite('shipping')), LedgerModule.forFeature([Shipment, Parcel])])).rejects.toThrow(
      /^event type "ShipmentCreated" is declared by two classes: (ShipmentCreated \(aggregate Shipment\) and ParcelCreated \(aggregate Parcel\)|ParcelCreated \(aggregate Parcel\) and ShipmentCreated \(aggregate Shipment\)); give each its own @Event name$/,
    );
  });

  it("refuses an aggregate that extends @nestjs/cqrs's AggregateRoot, which shares the name", () => {
    @Aggregate('CqrsAccount')
    class CqrsAccount extends CqrsAggregateRoot {}
    expect(() => LedgerModule.forFeature([CqrsAccount as never])).toThrow(
      new InvalidDefinitionError('class CqrsAccount is @Aggregate("CqrsAccount") but does not extend nestjs-ledger\'s AggregateRoot: import AggregateRoot from \'nestjs-ledger\', not from @nestjs/cqrs', 'CqrsAccount'),
    );
  });

  it('publishes committed events on @nestjs/cqrs\'s EventBus, to its event handlers and sagas', async () => {
    const seen: string[] = [];
    let bothSeen: () => void;
    const both = new Promise<void>((resolve) => (bothSeen = resolve));
    const see = (text: string) => {
      if (seen.push(text) === 2) bothSeen();
    };
    class Notify {
      constructor(readonly text: string) {}
    }
    @EventsHandler(Credited)
    class CreditedHandler implements IEventHandler<Credited> {
      handle(event: Credited) {
        see(`event ${event.amount} ${event instanceof Credited}`);
      }
    }
    @Injectable()
    class Sagas {
      @Saga()
      credited = (events$: Observable<object>) => events$.pipe(ofType(Credited), map((event) => new Notify(`saga ${event.amount}`)));
    }
    @CqrsCommandHandler(Notify)
    class NotifyHandler implements ICommandHandler<Notify> {
      async execute(command: Notify) {
        see(command.text);
      }
    }
    const app = await start(
      [CqrsModule.forRoot(), LedgerModule.forRoot({ ...sqlite('bridged'), eventBus: EventBus }), WalletModule],
      [CreditedHandler, Sagas, NotifyHandler],
    );
    const id = newJournalId();
    await app.get(CommandBus).execute(new OpenWallet(id, 'ann'));
    await app.get(CommandBus).execute(new CreditWallet(id, 7));
    await expect(app.get(CommandBus).execute(new CreditWallet(id, -1))).rejects.toThrow();
    await both; // the event handler's call and the saga's command
    expect(seen.sort()).toEqual(['event 7 true', 'saga 7']);
    await app.close();
  });
});
