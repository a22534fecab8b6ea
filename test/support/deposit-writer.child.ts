// A writer process for the projection tests: commits Deposit commands into an account of its own,
// one every few milliseconds, until it is killed; or, given <commits>, that many commands of
// <events per commit> events each, as fast as it can, and exits.
//   node -r ./test/support/register-ts.js deposit-writer.child.ts <storage options as JSON> [<commits> <events per commit>]
import { EventStore, Ledger, newJournalId } from 'nestjs-ledger';
import { Deposit, depositBus } from '../../libs/ledger/src/projections/projection.fixture';

async function main(): Promise<void> {
  const [storage, commits, eventsPerCommit] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage) });
  const bus = depositBus(new EventStore(ledger));
  const account = newJournalId();
  if (commits !== undefined) {
    for (let n = 0; n < Number(commits); n++) await bus.execute(new Deposit(account, n + 1, Number(eventsPerCommit)));
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
