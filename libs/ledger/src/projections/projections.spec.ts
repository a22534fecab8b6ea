import { Ledger } from '../engine';
import { testStorage } from '../engine/test-storage.fixture';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { EventStore } from '../event-sourcing/event-store';
import type { EventPosition } from '../event-sourcing';
import { newJournalId } from '../journal';
import { DuplicateProjectionError, InvalidProjectionError, ProjectionFailedError, ProjectionNotFoundError } from './errors';
import { BalancesProjection, Deposit, depositBus, MoneyDeposited, PositionsProjection, until } from './projection.fixture';
import { On, OnAny, Projection } from './projection.decorator';
import { Projections } from './projections';
import type { ProjectionLogger } from './projection-runner';

afterAll(removeTempLedgers);

class RecordingLogger implements ProjectionLogger {
  readonly errors: string[] = [];
  log(): void {}
  warn(): void {}
  error(message: string): void {
    this.errors.push(message);
  }
}

async function setup(location = tempLedgerPath(), leaseMs = 1_000) {
  const ledger = await Ledger.open({ name: 'test', storage: storageAt(location) });
  const store = new EventStore(ledger);
  const logger = new RecordingLogger();
  return { ledger, store, bus: depositBus(store), logger, projections: new Projections(store, { logger, leaseMs }), location };
}

async function allPositions(store: EventStore): Promise<EventPosition[]> {
  const positions: EventPosition[] = [];
  for await (const event of store.events()) positions.push(event.position);
  return positions;
}

async function balances(ledger: Ledger): Promise<Array<{ account: string; balance: number }>> {
  return ledger.readDatabase((query) => query('SELECT account, balance FROM balances ORDER BY account'));
}

/** Rows in code-unit order of their account ids (SQLite's and PostgreSQL's ORDER BY collate differently). */
function byAccount<Row extends { account: string }>(rows: Row[]): Row[] {
  return [...rows].sort((x, y) => (x.account < y.account ? -1 : x.account > y.account ? 1 : 0));
}

/** The balances, or none while the projection has not created its table yet. */
async function balancesSoFar(ledger: Ledger): Promise<Array<{ account: string; balance: number }>> {
  return balances(ledger).catch(() => []);
}

describe('projections', () => {
  it('catch up from the start, then follow new events, in journal order, each once', async () => {
    const { ledger, store, bus, projections } = await setup();
    const [a, b] = [newJournalId(), newJournalId()];
    await bus.execute(new Deposit(a, 5, 3));
    await bus.execute(new Deposit(b, 7, 2));
    const positions = new PositionsProjection();
    projections.register(positions);
    projections.register(new BalancesProjection());
    projections.start();
    await bus.execute(new Deposit(a, 1, 4));
    const expected = await allPositions(store);
    await until(async () => positions.seen.length, (n) => n >= expected.length, 'the positions');
    expect(positions.seen).toEqual(expected);
    await until(() => balancesSoFar(ledger), (rows) => rows.length === 2 && rows.some((r) => r.balance === 19), 'the balances');
    expect(byAccount(await balances(ledger))).toEqual(byAccount([
      { account: a, balance: 19 },
      { account: b, balance: 14 },
    ]));
    const last = expected[expected.length - 1];
    expect((await projections.caughtUp('balances')).position).toEqual({ sequenceNo: last.sequenceNo, index: last.index + 1 });
    const status = await until(() => projections.status('balances'), (s) => s.state === 'caught-up', 'caught-up');
    expect(status).toEqual({ name: 'balances', delivery: 'exactly-once', state: 'caught-up', position: { sequenceNo: last.sequenceNo, index: last.index + 1 }, lag: 0 });
    await ledger.execute((tx) => tx.createTable('Unrelated')); // a block without events: nothing more to handle
    expect(await projections.status('balances')).toMatchObject({ state: 'caught-up', lag: 0 });
    await projections.stop();
    expect((await projections.status()).map((s) => s.state)).toEqual(['stopped', 'stopped']);
    await ledger.close();
  });

  it('resume from the stored checkpoint after a restart, without handling an event again', async () => {
    const first = await setup();
    const id = newJournalId();
    await first.bus.execute(new Deposit(id, 2, 10));
    first.projections.register(new BalancesProjection());
    first.projections.start();
    await until(() => balancesSoFar(first.ledger), (rows) => rows[0]?.balance === 20, 'the first balance');
    await first.projections.stop();
    await first.ledger.close();

    const second = await setup(first.location);
    await second.bus.execute(new Deposit(id, 3, 10));
    second.projections.register(new BalancesProjection());
    second.projections.start();
    await until(() => balancesSoFar(second.ledger), (rows) => rows[0]?.balance === 50, 'the second balance');
    const [{ n }] = await second.ledger.readDatabase((query) => query<{ n: number }>('SELECT COUNT(*) AS n FROM balance_events'));
    expect(Number(n)).toBe(20);
    await second.projections.stop();
    await second.ledger.close();
  });

  it('stop only the projection whose handler keeps failing, with its error and position, while the others go on', async () => {
    const { ledger, store, bus, projections, logger } = await setup();
    const calls: number[] = [];
    @Projection('fragile', { retry: { attempts: 3, backoffMs: 1 } })
    class Fragile {
      @On(MoneyDeposited)
      deposited(event: MoneyDeposited) {
        calls.push(event.amount);
        if (event.amount === 13) throw new Error('unlucky amount');
      }
    }
    const positions = new PositionsProjection();
    projections.register(new Fragile());
    projections.register(positions);
    const id = newJournalId();
    await bus.execute(new Deposit(id, 1, 2));
    const { events } = await bus.dispatch(new Deposit(id, 13));
    await bus.execute(new Deposit(id, 2));
    projections.start();
    const poison = events[0].position;
    await expect(projections.caughtUp('fragile')).rejects.toThrow(ProjectionFailedError);
    await expect(projections.caughtUp('fragile')).rejects.toThrow(`projection fragile failed at event ${poison.sequenceNo}:${poison.index} (unlucky amount)`);
    const failed = await projections.status('fragile');
    expect(failed).toMatchObject({ state: 'failed', position: poison, error: { message: 'unlucky amount', position: poison } });
    expect(calls).toEqual([1, 1, 13, 13, 13]);
    expect(logger.errors).toEqual([`projection fragile stopped: event ${poison.sequenceNo}:${poison.index} failed 3 times: unlucky amount`]);
    await bus.execute(new Deposit(id, 4));
    const expected = await allPositions(store);
    await until(async () => positions.seen.length, (n) => n >= expected.length, 'the other projection');
    expect(positions.seen).toEqual(expected);
    expect((await projections.status('fragile')).state).toBe('failed');
    await projections.stop();
    await ledger.close();
  });

  it('rebuild: resets the checkpoint and the read model in one transaction, and replays to the same state', async () => {
    const { ledger, bus, projections } = await setup();
    const [a, b] = [newJournalId(), newJournalId()];
    await bus.execute(new Deposit(a, 5, 30));
    await bus.execute(new Deposit(b, 9, 11));
    const positions = new PositionsProjection();
    projections.register(new BalancesProjection());
    projections.register(positions);
    projections.start();
    await until(() => balancesSoFar(ledger), (rows) => rows.length === 2 && rows.every((r) => r.balance === 150 || r.balance === 99), 'the balances');
    await until(async () => positions.seen.length, (n) => n === 41, 'the positions');
    const before = await balances(ledger);
    const seenBefore = [...positions.seen];
    await projections.rebuild('balances');
    await projections.rebuild('positions');
    await until(async () => positions.seen.length, (n) => n === 41, 'the replayed positions');
    await until(() => projections.status('balances'), (s) => s.state === 'caught-up', 'the rebuild');
    expect(await balances(ledger)).toEqual(before);
    expect(positions.seen).toEqual(seenBefore);
    await projections.stop();
    await ledger.close();
  });

  it('runs each projection in one process at a time; another takes over when its runner stops', async () => {
    const location = tempLedgerPath();
    const one = await setup(location, 600_000); // a lease no stall of a loaded machine lets expire: only its stop hands it over
    const two = await setup(location);
    const id = newJournalId();
    await one.bus.execute(new Deposit(id, 1, 5));
    const [first, second] = [new PositionsProjection(), new PositionsProjection()];
    one.projections.register(first);
    two.projections.register(second);
    one.projections.start();
    await until(async () => first.seen.length, (n) => n === 5, 'the first runner');
    two.projections.start();
    await until(() => two.projections.status('positions'), (s) => s.state === 'standby', 'standby');
    await one.bus.execute(new Deposit(id, 1, 5));
    await until(async () => first.seen.length, (n) => n === 10, 'the first runner again');
    expect(second.seen).toEqual([]);
    await one.projections.stop();
    await one.bus.execute(new Deposit(id, 1, 5));
    await until(async () => second.seen.length, (n) => n === 5, 'the takeover');
    expect([...first.seen, ...second.seen]).toEqual(await allPositions(two.store));
    await two.projections.stop();
    await one.ledger.close();
    await two.ledger.close();
  });

  it('keep their checkpoints in a table that a ledger made before it existed gets when it opens', async () => {
    const { ledger, bus, location } = await setup();
    await bus.execute(new Deposit(newJournalId(), 1, 3));
    await ledger.close();
    const sql = await testStorage.raw(location);
    await sql.query('DROP TABLE ledger_projection');
    await sql.query("DELETE FROM ledger_migrations WHERE name = 'ProjectionCheckpoint1763700000003'");
    await sql.close();
    const reopened = await setup(location);
    const positions = new PositionsProjection();
    reopened.projections.register(positions);
    reopened.projections.start();
    await until(async () => positions.seen.length, (n) => n === 3, 'the positions');
    expect((await reopened.ledger.verify()).valid).toBe(true);
    await reopened.projections.stop();
    await reopened.ledger.close();
  });

  it('refuses bad definitions and unknown names with typed errors', async () => {
    const { ledger, projections } = await setup();
    class NotAnEvent {}
    expect(() => On(NotAnEvent)).toThrow(InvalidProjectionError);
    expect(() => On(NotAnEvent)).toThrow('@On(class NotAnEvent): not an event class');
    expect(() => On('*')).toThrow(InvalidProjectionError);
    expect(() => Projection('')).toThrow(InvalidProjectionError);
    expect(() => Projection('x', { delivery: 'twice' as never })).toThrow("delivery must be 'at-least-once' or 'exactly-once'");
    expect(() => Projection('x', { batchSize: 0 })).toThrow('batchSize must be an integer >= 1');
    expect(() => projections.register({})).toThrow(InvalidProjectionError);
    @Projection('empty')
    class Empty {}
    expect(() => projections.register(new Empty())).toThrow('projection empty (Empty) has no @On or @OnAny method');
    @Projection('twice')
    class Twice {
      @On(MoneyDeposited) a() {}
      @On('MoneyDeposited') b() {}
    }
    expect(() => projections.register(new Twice())).toThrow('projection twice handles MoneyDeposited twice (Twice.a, Twice.b)');
    @Projection('positions')
    class Impostor {
      @OnAny() any() {}
    }
    projections.register(new PositionsProjection());
    const duplicate = (() => {
      try {
        projections.register(new Impostor());
      } catch (error) {
        return error;
      }
    })();
    expect(duplicate).toBeInstanceOf(DuplicateProjectionError);
    expect(duplicate).toMatchObject({ code: 'DUPLICATE_PROJECTION', value: 'positions' });
    await expect(projections.rebuild('balance')).rejects.toThrow(ProjectionNotFoundError);
    await expect(projections.rebuild('balance')).rejects.toThrow('no projection is named "balance"; the registered ones are: "positions"');
    await expect(projections.status('nope')).rejects.toMatchObject({ code: 'PROJECTION_NOT_FOUND' });
    expect(await ledger.readDatabase((query) => query('SELECT name FROM ledger_projection'))).toEqual([]);
    await ledger.close();
  });
});

