// A tip notification is a hint, never a fact: any role that can connect to the database may NOTIFY
// the ledger's channel, here with a forged tip far beyond the journal. Streams of an instance that
// hears it keep delivering every later commit (another instance's), because the tip is read from
// the journal table on each notification and the payload is never believed.
import { Ledger, type PostgresStorageOptions } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tipChannelOf } from '../libs/ledger/src/storage/postgres/postgres-tip-listener';
import { expectContiguous, RecordCollector } from '../libs/ledger/src/streams/stream-test.fixture';
import { asRole, createLoginRoles } from './support/postgres-roles';

const TEN_MINUTES = 600_000;
afterAll(removeTempLedgers);

/** Resolves once the ledger's listening connection LISTENs on `channel`. */
async function listening(channel: string): Promise<void> {
  for (;;) {
    const rows = await asRole(undefined, (client) =>
      client.query("SELECT 1 FROM pg_stat_activity WHERE application_name = 'nestjs-ledger-listen' AND query = $1", [`LISTEN ${channel}`]),
    );
    if (rows.rowCount) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('PostgreSQL tip notifications from another role', () => {
  it("cannot freeze another instance's streams with a forged tip: later commits keep arriving", async () => {
    const storage = storageAt(tempLedgerPath()) as PostgresStorageOptions;
    const watcher = await Ledger.open({ name: 'test', storage: { ...storage, tipPollIntervalMs: TEN_MINUTES } });
    const writer = await Ledger.open({ name: 'test', storage });
    await writer.execute((tx) => tx.createTable('Item'));
    const intruder = `intruder_${storage.schema}`;
    const dropRoles = await createLoginRoles([intruder]);
    try {
      const first = (await writer.getDigest()).digestTipAddress.sequenceNo + 1;
      const collector = new RecordCollector(watcher.stream({ from: 'now' }));
      const channel = tipChannelOf(storage.schema as string);
      await listening(channel);

      await asRole(intruder, (client) => client.query('SELECT pg_notify($1, $2)', [channel, '9007199254740991']));
      for (let n = 0; n < 5; n++) await writer.execute((tx) => tx.insert('Item', { n }));

      await collector.untilBlock(first + 4);
      expectContiguous(collector.records, first, first + 4);
      collector.unsubscribe();
    } finally {
      await Promise.all([watcher.close(), writer.close()]);
      await dropRoles();
    }
  }, 30_000);
});
