// @ProcessManager providers in the Nest module: found at bootstrap, started with the application,
// following the journal with each caused command committed once (keyed by its causing event, with
// correlation and causation), stopped with it, resumed from their checkpoint by the next start.
import { Injectable, Scope } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { firstValueFrom, take, toArray } from 'rxjs';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { CommandBus, EventStore, InvalidDefinitionError, ofType } from '../event-sourcing';
import { Credited, FreezeWallet, OpenWallet, Wallet, WalletOpened } from '../event-sourcing/event-sourcing.fixture';
import { newJournalId } from '../journal';
import { On, OnAny, ProcessManager, ProcessManagers, type ProcessManagerContext } from '../projections';
import { until } from '../projections/projection.fixture';
import { WelcomeBonus, welcomeBonusModule } from './wallet.fixture';
import { LedgerModule } from './ledger.module';
import type { StorageOptions } from '../storage';

afterAll(removeTempLedgers);

async function start(storage: StorageOptions, providers: unknown[] = []) {
  const moduleRef = await Test.createTestingModule({ imports: [welcomeBonusModule(storage)], providers: providers as never[] }).compile();
  return moduleRef.init();
}

/** The next `count` Credited events committed from block `from` on. */
function credits(store: EventStore, count: number, from = 0) {
  return firstValueFrom(store.events$({ from }).pipe(ofType(Credited), take(count), toArray()));
}

describe('process managers in the Nest module', () => {
  it('are found among the providers, react to committed events with commands once, and resume from their checkpoint after a restart', async () => {
    const storage = storageAt(tempLedgerPath());
    const seen: unknown[] = [];
    WelcomeBonus.reacting = (event) => seen.push(event);
    const app = await start(storage);
    const managers = app.get(ProcessManagers);
    expect(managers.names).toEqual(['welcome-bonus']);
    expect(managers.running('welcome-bonus')).toBe(true);
    const [ann, vip] = [newJournalId(), newJournalId()];
    const opened = await app.get(CommandBus).dispatch(new OpenWallet(ann, 'ann'), { correlationId: 'signup-7' });
    const [credit] = await credits(app.get(EventStore), 1);
    const cause = opened.events[0].position;
    expect(credit.payload).toEqual({ amount: 10, currency: 'EUR' });
    expect(credit.streamId).toBe(ann);
    expect(credit.metadata).toEqual({ correlationId: 'signup-7', causationId: `${cause.sequenceNo}:0`, idempotencyKey: `welcome-bonus:${cause.sequenceNo}:0:0` });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(WalletOpened);
    await app.close();
    expect(managers.running('welcome-bonus')).toBe(false);

    const again = await start(storage);
    const afterRestart = await again.get(CommandBus).dispatch(new OpenWallet(vip, 'vip'));
    const [, bonus] = await credits(again.get(EventStore), 2);
    expect([bonus.streamId, bonus.payload.amount, bonus.metadata.causationId]).toEqual([vip, 100, `${afterRestart.events[0].position.sequenceNo}:0`]);
    expect(seen).toHaveLength(2);
    const wallets = again.get(EventStore).repository(Wallet);
    expect([(await wallets.load(ann)).balance, (await wallets.load(vip)).balance]).toEqual([10, 100]);
    await again.close();
  });

  it('hand @On(\'Type\') methods and @OnAny methods (every other event) the plain event', async () => {
    const handled: string[] = [];
    @Injectable()
    @ProcessManager('audit-trail')
    class AuditTrail {
      @On('WalletFrozen')
      frozen(event: { type: string; reason: string }) {
        handled.push(`${event.type} ${event.reason}`);
      }

      @OnAny()
      other(event: { type: string }, { event: recorded }: ProcessManagerContext) {
        handled.push(`${event.type} ${recorded.position.sequenceNo}`);
      }
    }
    const app = await start(storageAt(tempLedgerPath()), [AuditTrail]);
    const store = app.get(EventStore);
    const id = newJournalId();
    const opened = await app.get(CommandBus).dispatch(new OpenWallet(id, 'ann'));
    const [credit] = await credits(store, 1);
    await app.get(CommandBus).execute(new FreezeWallet(id));
    await until(() => handled.length, (n) => n === 3, 'the audit trail');
    const [openedAt, creditAt] = [opened.events[0].position.sequenceNo, credit.position.sequenceNo];
    expect(handled).toEqual([`WalletOpened ${openedAt}`, `Credited ${creditAt}`, 'WalletFrozen audit']);
    await app.close();
  });

  it('refuses two managers of one name, a request-scoped one, one without handlers and one of a ledger that is not registered', async () => {
    @Injectable()
    @ProcessManager('welcome-bonus')
    class Impostor {
      @OnAny() any() {}
    }
    const twice = start(storageAt(tempLedgerPath()), [Impostor]);
    await expect(twice).rejects.toThrow(InvalidDefinitionError);
    await expect(twice).rejects.toThrow(/^two process managers are named "welcome-bonus" \((WelcomeBonus and Impostor|Impostor and WelcomeBonus)\): each needs its own name/);
    @Injectable({ scope: Scope.REQUEST })
    @ProcessManager('per-request')
    class PerRequest {
      @OnAny() any() {}
    }
    await expect(start(storageAt(tempLedgerPath()), [PerRequest])).rejects.toThrow('process manager PerRequest must be a singleton provider, not request-scoped or transient');
    @Injectable()
    @ProcessManager('idle')
    class Idle {
      nothing() {}
    }
    await expect(start(storageAt(tempLedgerPath()), [Idle])).rejects.toThrow('process manager idle (Idle) has no @On or @OnAny method');
    @Injectable()
    @ProcessManager('elsewhere', { ledger: 'audit' })
    class Elsewhere {
      @OnAny() any() {}
    }
    const moduleRef = Test.createTestingModule({ imports: [LedgerModule.forRoot({ name: 'test', storage: storageAt(tempLedgerPath()) })], providers: [Elsewhere] });
    await expect(moduleRef.compile().then((m) => m.init())).rejects.toThrow('process manager Elsewhere follows a ledger named "audit", but LedgerModule.forRoot registered none');
  });
});
