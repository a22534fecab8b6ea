// A process that runs the test projections for the projection crash tests:
//   node -r ./test/support/register-ts.js projection-runner.child.ts <storage options as JSON> <positions file> <lease ms>
// Runs `balances` (exactly-once, SQL in the ledger's database) and `positions` (at-least-once,
// appending each position it is handed to the file) until it is killed.
import { EventStore, Ledger, Projections } from 'nestjs-ledger';
import { BalancesProjection, PositionsProjection } from '../../libs/ledger/src/projections/projection.fixture';

async function main(): Promise<void> {
  const [storage, positionsFile, leaseMs] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage) });
  const quiet = { log: () => undefined, warn: () => undefined, error: (message: string) => console.error(message) };
  const projections = new Projections(new EventStore(ledger), { leaseMs: Number(leaseMs), logger: quiet });
  projections.register(new BalancesProjection());
  projections.register(new PositionsProjection(positionsFile));
  projections.start();
  setInterval(() => undefined, 1 << 30);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
