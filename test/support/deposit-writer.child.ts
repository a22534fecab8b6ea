// A writer process for the projection tests: commits Deposit commands (5 events each), one every
// few milliseconds, until it is killed.
//   node -r ./test/support/register-ts.js deposit-writer.child.ts <storage options as JSON>
import { EventStore, Ledger, newJournalId } from 'nestjs-ledger';
import { Deposit, depositBus } from '../../libs/ledger/src/projections/projection.fixture';

async function main(): Promise<void> {
  const [storage] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage) });
  const bus = depositBus(new EventStore(ledger));
  const account = newJournalId();
  for (;;) {
    await bus.execute(new Deposit(account, 1, 5));
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
