// docs/observability.md: a ledger reporting to the OpenTelemetry SDK (here into memory; an
// application registers its exporter the same way, or through the Node SDK) and logging through
// `console`, and a Nest application's health endpoint with @nestjs/terminus.
// #region hidden
import { strict as assert } from 'node:assert';
// #endregion
// #region tracing
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Ledger } from 'nestjs-ledger';

async function traced() {
  const spans = new InMemorySpanExporter(); // an OTLP exporter in production
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));

  const ledger = await Ledger.open({ name: 'dmv', storage: { type: 'sqlite', database: 'dmv.ledger' }, logger: console, slowCommitMs: 500 });
  await ledger.query('CREATE TABLE Vehicle');
  await ledger.query("INSERT INTO Vehicle VALUE {'VIN': '1N4AL11D75C109151'}");
  await ledger.close();
  // spans: ledger.transaction, ledger.statement (db.query.text "INSERT INTO Vehicle VALUE {? : ?}"), ledger.commit, …
  // #region hidden
  const statements = spans.getFinishedSpans().filter((span) => span.name === 'ledger.statement');
  assert.deepEqual(statements.map((span) => span.attributes['db.query.text']), ['CREATE TABLE Vehicle', 'INSERT INTO Vehicle VALUE {? : ?}']);
  assert.equal(spans.getFinishedSpans().filter((span) => span.name === 'ledger.commit').length, 2);
  trace.disable();
  // #endregion
}
// #endregion

// #region health
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { LedgerHealthIndicator, LedgerModule } from 'nestjs-ledger/nest';

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly ledger: LedgerHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.ledger.isHealthy('ledger', { maxProjectionLag: 100 })]);
  }
}

@Module({
  imports: [TerminusModule, LedgerModule.forRoot({ name: 'bank', storage: { type: 'sqlite', database: 'bank.ledger' } })],
  controllers: [HealthController],
})
class AppModule {}
// #endregion

async function healthy() {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const response = await fetch(`${await app.getUrl()}/health`);
  // #region hidden
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    status: 'ok',
    info: { ledger: { status: 'up', tip: 0, projections: {}, problems: [] } },
    error: {},
    details: { ledger: { status: 'up', tip: 0, projections: {}, problems: [] } },
  });
  // #endregion
  await app.close();
}

traced().then(healthy);
