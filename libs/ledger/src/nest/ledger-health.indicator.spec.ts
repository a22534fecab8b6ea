// LedgerHealthIndicator in a real Nest HTTP application with @nestjs/terminus: GET /health answers
// 200 while the ledger's tip reads and its projections keep up, and 503 with the reason when a
// projection failed, when one lags more blocks than the threshold, and when the ledger is closed.
import { Controller, Get, Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import request from 'supertest';
import { Ledger } from '../engine';
import { removeTempLedgers, tempLedgerPath } from '../engine/test-ledger.fixture';
import { EventStore } from '../event-sourcing';
import { newJournalId } from '../journal';
import { On, Projection, Projections } from '../projections';
import { Deposit, depositBus, MoneyDeposited, until } from '../projections/projection.fixture';
import { LedgerHealthIndicator } from './ledger-health.indicator';
import { LedgerModule } from './ledger.module';

afterAll(removeTempLedgers);

/** Refuses deposits of 13; every other one it counts. */
@Injectable()
@Projection('superstitious', { retry: { attempts: 1, backoffMs: 1 } })
class Superstitious {
  count = 0;

  @On(MoneyDeposited)
  deposited(event: MoneyDeposited): void {
    if (event.amount === 13) throw new Error('not thirteen');
    this.count++;
  }
}

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly ledgerHealth: LedgerHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.ledgerHealth.isHealthy('ledger', { maxProjectionLag: 3 })]);
  }
}

describe('LedgerHealthIndicator behind a terminus health endpoint', () => {
  let app: INestApplication;
  let projections: Projections;
  let store: EventStore;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TerminusModule.forRoot({ logger: false }), LedgerModule.forRoot({ name: 'health', storage: { type: 'sqlite', database: tempLedgerPath('health') }})],
      controllers: [HealthController],
      providers: [Superstitious],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    projections = app.get(Projections);
    store = app.get(EventStore);
  });
  afterEach(() => app.close());

  const deposit = (amount: number) => depositBus(store).dispatch(new Deposit(newJournalId(), amount));
  const caughtUp = () => until(() => projections.status('superstitious'), (status) => status.state === 'caught-up', 'the projection to catch up');

  it('is up while the tip reads and the projection keeps up', async () => {
    await deposit(5);
    await caughtUp();
    const tip = (await app.get(Ledger).getDigest()).digestTipAddress.sequenceNo;
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toEqual({
      status: 'ok',
      info: { ledger: { status: 'up', tip, projections: { superstitious: { state: 'caught-up', lag: 0 } }, problems: [] } },
      error: {},
      details: { ledger: { status: 'up', tip, projections: { superstitious: { state: 'caught-up', lag: 0 } }, problems: [] } },
    });
  });

  it('is down, naming the projection, once a projection failed', async () => {
    await deposit(13);
    await until(() => projections.status('superstitious'), (status) => status.state === 'failed', 'the projection to fail');
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(response.body.status).toBe('error');
    expect(response.body.error.ledger).toMatchObject({ status: 'down', problems: ['projection superstitious failed'] });
    expect(JSON.stringify(response.body)).not.toContain('not thirteen');
  });

  it('is down when a projection lags more blocks than the threshold, and up again once it caught up', async () => {
    await caughtUp();
    await projections.stop('superstitious');
    for (const amount of [1, 2, 3, 4]) await deposit(amount);
    const { lag } = await projections.status('superstitious');
    expect(lag).toBeGreaterThanOrEqual(4);
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(response.body.error.ledger).toMatchObject({
      status: 'down',
      projections: { superstitious: { state: 'stopped', lag } },
      problems: [`projection superstitious lags ${lag} blocks behind the tip (most allowed: 3)`],
    });
    projections.start('superstitious');
    await caughtUp();
    await request(app.getHttpServer()).get('/health').expect(200);
  });

  it('is down when the tip cannot be read', async () => {
    await projections.stop();
    await app.get(Ledger).close();
    const response = await request(app.getHttpServer()).get('/health').expect(503);
    expect(response.body.error.ledger).toEqual({ status: 'down', projections: {}, problems: ['the tip of ledger "health" cannot be read (LEDGER_CLOSED)'] });
  });
});
