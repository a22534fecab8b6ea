// The projection lag gauge (ledger.projection.lag), with the OpenTelemetry SDK's in-memory metric
// exporter: one point per projection, the lag its status reports (0 once caught up), from the first
// start of its projections until its ledger closes.
import { Ledger } from '../engine';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { EventStore } from '../event-sourcing/event-store';
import { newJournalId } from '../journal';
import { ATTRIBUTE, METRIC } from '../telemetry';
import { installTelemetry, type InstalledTelemetry } from '../telemetry/telemetry-test.fixture';
import { Deposit, depositBus, PositionsProjection } from './projection.fixture';
import { Projections } from './projections';

describe('the projection lag gauge', () => {
  let telemetry: InstalledTelemetry;
  beforeAll(() => (telemetry = installTelemetry()));
  afterAll(async () => {
    await telemetry.uninstall();
    await removeTempLedgers();
  });

  it('reports each projection’s lag, stopped ones included, from the first start', async () => {
    const ledger = await Ledger.open({ name: 'lagging', storage: storageAt(tempLedgerPath()) });
    const store = new EventStore(ledger);
    const projections = new Projections(store, { logger: { log: () => undefined, warn: () => undefined, error: () => undefined } });
    projections.register(new PositionsProjection());
    const lags = async () =>
      (await telemetry.points(METRIC.projectionLag))
        .filter((point) => point.attributes[ATTRIBUTE.ledgerName] === 'lagging')
        .map((point) => [point.attributes[ATTRIBUTE.projectionName], point.value]);
    try {
      expect(await lags()).toEqual([]);
      projections.start();
      await depositBus(store).dispatch(new Deposit(newJournalId(), 5));
      await projections.caughtUp('positions');
      expect(await lags()).toEqual([['positions', 0]]);
      await projections.stop('positions');
      for (const amount of [1, 2, 3]) await depositBus(store).dispatch(new Deposit(newJournalId(), amount));
      const { lag } = await projections.status('positions');
      expect(lag).toBeGreaterThanOrEqual(3);
      expect(await lags()).toEqual([['positions', lag]]);
    } finally {
      await projections.stop();
      await ledger.close();
    }
  });
});
