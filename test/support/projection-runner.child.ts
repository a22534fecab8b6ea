// A process that runs the test projections for the projection crash and takeover tests:
//   node -r ./test/support/register-ts.js projection-runner.child.ts <storage options as JSON> <positions file> <lease ms> [<positions stop> <balances stop>]
// Runs `positions` (at-least-once, appending each position it is handed to the file) and `balances`
// (exactly-once, SQL in the ledger's database) until it is killed. Given the two stops, it halts at
// known points for its parent to kill it there: `positions` handles its <positions stop>th event
// of this process, prints `stopped positions <sequenceNo>:<index>` and never returns from it (so
// that event is past its stored checkpoint); only then does `balances` start, and its handler of its
// <balances stop>th event applies its SQL, prints `stopped balances <sequenceNo>:<index>` and never
// returns either (so that SQL and its checkpoint's move stay uncommitted, holding the write lock).
import { EventStore, Ledger, Projections, type ProjectionContext, type ProjectionsOptions } from 'nestjs-ledger';
import { projectionDefinition, type ProjectionDefinition } from '../../libs/ledger/src/projections';
import { BalancesProjection, PositionsProjection } from '../../libs/ledger/src/projections/projection.fixture';

async function main(): Promise<void> {
  const [storage, positionsFile, leaseMs, positionsStop, balancesStop] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage) });
  const store = new EventStore(ledger);
  const quiet = { log: () => undefined, warn: () => undefined, error: (message: string) => console.error(message) };
  const options: ProjectionsOptions = { leaseMs: Number(leaseMs), logger: quiet };
  const positions = projectionDefinition(new PositionsProjection(positionsFile));
  const balances = projectionDefinition(new BalancesProjection());
  if (positionsStop === undefined) {
    const projections = new Projections(store, options);
    projections.register(positions);
    projections.register(balances);
    projections.start();
  } else {
    await runUntilStopped(new Projections(store, options), positions, Number(positionsStop));
    await runUntilStopped(new Projections(store, options), balances, Number(balancesStop));
  }
  setInterval(() => undefined, 1 << 30);
}

/** Runs the projection until its handler of its `stop`th event returned; then reports that event and resolves, the runner stuck in that handler. */
function runUntilStopped(projections: Projections, definition: ProjectionDefinition, stop: number): Promise<void> {
  return new Promise((stopped) => {
    let handled = 0;
    const halting = (handle: (event: object, context: ProjectionContext) => unknown) => async (event: object, context: ProjectionContext) => {
      await handle(event, context);
      if (++handled < stop) return;
      process.stdout.write(`stopped ${definition.name} ${context.position.sequenceNo}:${context.position.index}\n`);
      stopped();
      await new Promise(() => undefined);
    };
    const handlers = new Map([...definition.handlers].map(([type, handler]) => [type, { ...handler, handle: halting(handler.handle) }]));
    const catchAll = definition.catchAll && { ...definition.catchAll, handle: halting(definition.catchAll.handle) };
    projections.register({ ...definition, handlers, catchAll });
    projections.start();
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
