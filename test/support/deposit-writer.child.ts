// A writer process for the projection tests: commits Deposit commands into an account of its own,
// one every few milliseconds, until it is killed; or, with `on-request`, for each line
// `<commits> <events per commit>` it reads on stdin, commits that many commands of that many events
// as fast as it can and then prints `done`, until its stdin ends.
//   node -r ./test/support/register-ts.js deposit-writer.child.ts <storage options as JSON> [on-request]
import { createInterface } from 'node:readline';
import { EventStore, Ledger, newJournalId } from 'nestjs-ledger';
import { Deposit, depositBus } from '../../libs/ledger/src/projections/projection.fixture';

async function main(): Promise<void> {
  const [storage, mode] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage) });
  const bus = depositBus(new EventStore(ledger));
  const account = newJournalId();
  if (mode === 'on-request') {
    for await (const line of createInterface({ input: process.stdin })) {
      const [commits, eventsPerCommit] = line.split(' ').map(Number);
      for (let n = 0; n < commits; n++) await bus.execute(new Deposit(account, n + 1, eventsPerCommit));
      process.stdout.write('done\n');
    }
    await ledger.close();
    return;
  }
  for (;;) {
    await bus.execute(new Deposit(account, 1, 5));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
