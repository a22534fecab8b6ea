// Projections under access control: they read the journal (their event stream, and the blocks
// their status and caughtUp look at) as the service principal, the principal of work started
// outside any request's scope, which needs `stream`; without it they fail with the refusal,
// having handled no event.
import { Ledger, runAsPrincipal } from '../engine';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { EventStore } from '../event-sourcing/event-store';
import { newJournalId } from '../journal';
import { Deposit, depositBus, PositionsProjection } from './projection.fixture';
import { Projections } from './projections';

afterAll(removeTempLedgers);

const silent = { log() {}, warn() {}, error() {} };

async function setup() {
  const ledger = await Ledger.open({ name: 'test', storage: storageAt(tempLedgerPath()), accessControl: { administrators: ['admin'], servicePrincipal: 'projector', recheckMs: 0 } });
  const store = new EventStore(ledger);
  await runAsPrincipal('admin', () => depositBus(store).execute(new Deposit(newJournalId(), 5, 2)));
  return { ledger, projections: new Projections(store, { logger: silent, leaseMs: 1_000 }) };
}

describe('projections under access control', () => {
  it('fail with the refusal when the service principal may not stream, handling nothing', async () => {
    const { ledger, projections } = await setup();
    const positions = new PositionsProjection();
    projections.register(positions);
    projections.start();
    const refusal = await projections.caughtUp('positions').catch((error: unknown) => error);
    expect(String((refusal as Error).message)).toContain('may not stream');
    expect(positions.seen).toEqual([]);
    await projections.stop();
    await ledger.close();
  });

  it('catch up once the service principal is granted `stream`', async () => {
    const { ledger, projections } = await setup();
    await runAsPrincipal('admin', async () => {
      await ledger.access.defineRole('projecting', [{ action: 'stream' }]);
      await ledger.access.grantRole('projector', 'projecting');
    });
    const positions = new PositionsProjection();
    projections.register(positions);
    projections.start();
    await projections.caughtUp('positions');
    expect(positions.seen).toHaveLength(2);
    await projections.stop();
    await ledger.close();
  });
});
