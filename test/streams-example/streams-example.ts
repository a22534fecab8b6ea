import { firstValueFrom, take, toArray } from 'rxjs';
import {
  Aggregate,
  AggregateRoot,
  CommandBus,
  Event,
  EventHandler,
  EventStore,
  Ledger,
  ofType,
  rebuildBlock,
  type BlockSummary,
  type RevisionDetails,
} from 'nestjs-ledger';
import { verifyBlock } from 'nestjs-ledger/verify';

@Event('MoneyDeposited')
class MoneyDeposited {
  constructor(readonly accountId: string, readonly amount: number) {}
}

@Aggregate('Account')
class Account extends AggregateRoot {
  balance = 0;

  deposit(amount: number) {
    this.apply(new MoneyDeposited(this.id, amount));
  }

  @EventHandler(MoneyDeposited)
  onDeposited(event: MoneyDeposited) {
    this.balance += event.amount;
  }
}

class OpenAccount {
  constructor(readonly initialDeposit: number) {}
}

async function main() {
  const ledger = await Ledger.open({ name: 'bank', storage: { type: 'sqlite', database: 'streams.ledger' } });
  const store = new EventStore(ledger);
  const accounts = store.repository(Account);
  const commands = new CommandBus();
  commands.register(OpenAccount, async (command: OpenAccount) => {
    const account = await accounts.create();
    account.deposit(command.initialDeposit);
  }, store);

  // live: the deposits committed from now on, typed by their event class
  const deposits = firstValueFrom(store.events$({ from: 'now' }).pipe(ofType(MoneyDeposited), take(2), toArray()));
  await commands.execute(new OpenAccount(100));
  await commands.execute(new OpenAccount(250));
  for (const event of await deposits) {
    console.log(`deposited ${event.payload.amount} at block ${event.position.sequenceNo}, event ${event.position.index}`);
  }

  // catch-up: every block from the start, rebuilt from its stream records and verified
  const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  let summary: BlockSummary | undefined;
  let revisions: RevisionDetails[] = [];
  for await (const record of ledger.streamIterator({ kinds: ['BLOCK_SUMMARY', 'REVISION_DETAILS'] })) {
    if (record.recordType === 'BLOCK_SUMMARY') [summary, revisions] = [record.payload, []];
    if (record.recordType === 'REVISION_DETAILS') revisions.push(record.payload);
    if (summary && revisions.length === summary.revisionSummaries.length) {
      const verified = verifyBlock(rebuildBlock(summary, revisions)).valid;
      console.log(`block ${summary.blockAddress.sequenceNo}: ${revisions.length} revision(s), verified: ${verified}`);
      if (summary.blockAddress.sequenceNo === tip) break; // the stream would go on following live commits
    }
  }
  await ledger.close();
}

main();
