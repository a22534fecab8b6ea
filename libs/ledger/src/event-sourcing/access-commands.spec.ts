// Commands under access control: a principal runs a command only when a role allows it by name;
// the permission covers the tables the command reads and writes (and creates) and the journal
// reads of its aggregates; a command run from inside another's handler needs its own permission;
// the block names the principal. A refused command writes nothing. Event streams (what projections
// read) take `stream`, checked as whoever asked for the stream.
import { newJournalId } from '../journal';
import { firstValueFrom } from 'rxjs';
import { AccessDeniedError, runAsPrincipal, type Ledger } from '../engine';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from '../engine/test-ledger.fixture';
import { CommandBus } from './command-bus';
import { EventStore } from './event-store';
import { CreditWallet, creditedUpcaster, EventWallet, OpenWallet, walletHandlers } from './event-sourcing.fixture';

afterAll(removeTempLedgers);

class OpenAndCredit {
  constructor(readonly walletId: string) {}
}

async function setup() {
  const ledger = await openTestLedger(tempLedgerPath(), { accessControl: { administrators: ['admin'], recheckMs: 0 } });
  const store = new EventStore(ledger, { upcasters: [creditedUpcaster] });
  const handlers = walletHandlers(store.repository(EventWallet)); // loaded from its events: journal reads
  const bus = new CommandBus();
  bus.register(OpenWallet, handlers.open, store);
  bus.register(CreditWallet, handlers.credit, store);
  bus.register(
    OpenAndCredit,
    async (command: OpenAndCredit) => {
      await bus.execute(new OpenWallet(command.walletId, 'joined'));
    },
    store,
  );
  await runAsPrincipal('admin', async () => {
    await ledger.access.defineRole('teller', [{ action: 'command', command: 'OpenWallet' }, { action: 'command', command: 'CreditWallet' }]);
    await ledger.access.defineRole('composer', [{ action: 'command', command: 'OpenAndCredit' }]);
    await ledger.access.grantRole('tom', 'teller');
    await ledger.access.grantRole('carl', 'composer');
  });
  return { ledger, bus, store };
}

const tip = (ledger: Ledger) => runAsPrincipal('admin', async () => (await ledger.getDigest()).digestTipAddress.sequenceNo);

describe('commands under access control', () => {
  it('runs an allowed command as its principal, the command covering its tables (created on first use) and its aggregates\' journal reads', async () => {
    const { ledger, bus } = await setup();
    const id = newJournalId();
    const opened = await runAsPrincipal('tom', () => bus.dispatch(new OpenWallet(id, 'ann')));
    expect(opened.block!.transactionInfo.principal).toBe('tom');
    await expect(runAsPrincipal('tom', () => bus.execute(new CreditWallet(id, 5)))).resolves.toBe(5);
    await expect(runAsPrincipal('tom', () => ledger.query('SELECT * FROM EventWallet'))).rejects.toThrow(AccessDeniedError);
    await expect(runAsPrincipal('tom', () => ledger.readBlocks(0, 1))).rejects.toThrow(AccessDeniedError);
    await ledger.close();
  });

  it('refuses a command no role allows, writing nothing', async () => {
    const { ledger, bus } = await setup();
    const before = await tip(ledger);
    const refusal = runAsPrincipal('carl', () => bus.execute(new OpenWallet(newJournalId(), 'ann')));
    await expect(refusal).rejects.toMatchObject({ code: 'ACCESS_DENIED', principal: 'carl', action: 'command', on: 'OpenWallet' });
    expect(await tip(ledger)).toBe(before);
    await ledger.close();
  });

  it('refuses a command run from inside an allowed one when the principal may not run it, writing nothing', async () => {
    const { ledger, bus } = await setup();
    const before = await tip(ledger);
    const refusal = runAsPrincipal('carl', () => bus.execute(new OpenAndCredit(newJournalId())));
    await expect(refusal).rejects.toMatchObject({ code: 'ACCESS_DENIED', principal: 'carl', action: 'command', on: 'OpenWallet' });
    expect(await tip(ledger)).toBe(before);
    await ledger.close();
  });
});

describe('event streams under access control', () => {
  it('are refused to a principal without `stream`, and read by one with it', async () => {
    const { ledger, bus, store } = await setup();
    await runAsPrincipal('tom', () => bus.dispatch(new OpenWallet(newJournalId(), 'ann')));
    await runAsPrincipal('admin', async () => {
      await ledger.access.defineRole('reader', [{ action: 'stream' }]);
      await ledger.access.grantRole('rita', 'reader');
    });
    await expect(runAsPrincipal('tom', () => firstValueFrom(store.events$()))).rejects.toMatchObject({ code: 'ACCESS_DENIED', principal: 'tom', action: 'stream' });
    const denied = runAsPrincipal('tom', () => store.eventsIterator());
    await expect(denied.next()).rejects.toThrow(AccessDeniedError);
    const iterator = runAsPrincipal('rita', () => store.eventsIterator());
    expect((await iterator.next()).value).toMatchObject({ aggregate: 'EventWallet' });
    await iterator.return();
    await ledger.close();
  });
});
