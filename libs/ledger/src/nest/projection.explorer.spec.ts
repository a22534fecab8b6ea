import { Injectable, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { removeTempLedgers, tempLedgerPath } from '../engine/test-ledger.fixture';
import { EventStore } from '../event-sourcing';
import { newJournalId } from '../journal';
import { DuplicateProjectionError, InvalidProjectionError, On, OnAny, Projection, Projections, type ProjectionContext, type ProjectionSqlContext, type TransactionalProjectionContext } from '../projections';
import { Deposit, depositBus, MoneyDeposited, until } from '../projections/projection.fixture';
import { InjectProjections } from './inject-projections.decorator';
import type { LedgerModuleOptions } from './ledger-module-options';
import { LedgerModule } from './ledger.module';

afterAll(removeTempLedgers);

function sqlite(name: string): LedgerModuleOptions {
  return { name, storage: { type: 'sqlite', database: tempLedgerPath(name) } };
}

async function start(imports: unknown[], providers: unknown[]) {
  const moduleRef = await Test.createTestingModule({ imports: imports as never[], providers: providers as never[] }).compile();
  return moduleRef.init();
}

@Injectable()
@Projection('totals', { delivery: 'exactly-once' })
class Totals {
  async prepare({ query }: ProjectionSqlContext) {
    await query('CREATE TABLE IF NOT EXISTS totals (account TEXT PRIMARY KEY, total BIGINT NOT NULL)');
  }

  @On(MoneyDeposited)
  async deposited(event: MoneyDeposited, { query }: TransactionalProjectionContext) {
    await query('INSERT INTO totals (account, total) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET total = totals.total + excluded.total', [event.account, event.amount]);
  }
}

@Injectable()
@Projection('activity')
class Activity {
  readonly seen: string[] = [];

  @OnAny()
  any(_event: object, { event: recorded }: ProjectionContext) {
    this.seen.push(`${recorded.type} ${recorded.position.sequenceNo}:${recorded.position.index}`);
  }
}

@Injectable()
class Reporter {
  constructor(@InjectProjections() readonly projections: Projections) {}
}

describe('projections in the Nest module', () => {
  it('are found among the providers, started at bootstrap, injected for status, and stopped before the ledger closes', async () => {
    const app = await start([LedgerModule.forRoot(sqlite('bank'))], [Totals, Activity, Reporter]);
    const store = app.get(EventStore);
    const projections = app.get(Reporter).projections;
    expect(projections).toBe(app.get(Projections));
    expect(projections.names.sort()).toEqual(['activity', 'totals']);
    const id = newJournalId();
    const { events } = await depositBus(store).dispatch(new Deposit(id, 4, 3));
    await until(() => app.get(Activity).seen.length === 3, Boolean, 'the activity');
    expect(app.get(Activity).seen).toEqual(events.map((e) => `MoneyDeposited ${e.position.sequenceNo}:${e.position.index}`));
    const total = () => store.ledger.readDatabase((query) => query<{ total: number }>('SELECT total FROM totals WHERE account = ?', [id])).catch(() => []);
    await until(async () => (await total())[0]?.total === 12, Boolean, 'the total');
    await until(async () => (await projections.status('totals')).state === 'caught-up', Boolean, 'caught-up');
    await app.close();
    expect(['totals', 'activity'].map((name) => projections.state(name))).toEqual(['stopped', 'stopped']);
  });

  it('reports a projection that failed through Nest\'s Logger and its status, while the others go on', async () => {
    const errors: string[] = [];
    const logger: LoggerService = { log: () => undefined, warn: () => undefined, error: (message: string, _stack?: string, context?: string) => void errors.push(`${context}: ${message}`) };
    @Injectable()
    @Projection('fragile', { retry: { attempts: 2, backoffMs: 1 } })
    class Fragile {
      @On(MoneyDeposited)
      deposited() {
        throw new Error('no ledger for you');
      }
    }
    const moduleRef = await Test.createTestingModule({ imports: [LedgerModule.forRoot(sqlite('failing'))], providers: [Fragile, Activity] }).setLogger(logger).compile();
    const app = await moduleRef.init();
    const { events } = await depositBus(app.get(EventStore)).dispatch(new Deposit(newJournalId(), 1));
    const projections = app.get(Projections);
    const failed = await until(() => projections.status('fragile'), (status) => status.state === 'failed', 'the failure');
    const at = events[0].position;
    expect(failed.error).toEqual({ message: 'no ledger for you', position: at });
    expect(errors).toEqual([`Projections: projection fragile stopped: event ${at.sequenceNo}:${at.index} failed 2 times: no ledger for you`]);
    await until(() => app.get(Activity).seen.length, (n) => n === 1, 'the other projection');
    await app.close();
  });

  it('refuses two projections of one name, and a projection of a ledger that is not registered', async () => {
    @Injectable()
    @Projection('activity')
    class Impostor {
      @OnAny() any() {}
    }
    await expect(start([LedgerModule.forRoot(sqlite('twice'))], [Activity, Impostor])).rejects.toThrow(DuplicateProjectionError);
    @Injectable()
    @Projection('elsewhere', { ledger: 'audit' })
    class Elsewhere {
      @OnAny() any() {}
    }
    const refused = start([LedgerModule.forRoot(sqlite('alone'))], [Elsewhere]);
    await expect(refused).rejects.toThrow(InvalidProjectionError);
    await expect(refused).rejects.toThrow('projection Elsewhere follows a ledger named "audit", but LedgerModule.forRoot registered none');
  });
});
