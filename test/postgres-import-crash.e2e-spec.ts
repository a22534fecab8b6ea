// An import into a new PostgreSQL ledger whose process is killed mid-import, at a known point:
// before its second write of blocks, inside the import's one transaction
// (support/importing.child.ts). The schema then holds no block, strand or document (the server
// rolls back a dead session's transaction), and the same import run again into it gives the
// source's digest and a clean verify(). On SQLite: import-crash.e2e-spec.ts.
import { exportJournal, importJournal, Ledger } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { rawQuery, tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { ordersLedger } from './support/orders-ledger';
import { runUntilStopped } from './support/stopped-child';

afterAll(removeTempLedgers);

const CHILD = 'test/support/importing.child.ts';

describe('an import into a new PostgreSQL ledger killed mid-import', () => {
  it('leaves the schema without a ledger, and the import run again gives the source ledger', async () => {
    const database = tempFilePath('source.ledger');
    const digest = await ordersLedger(database);
    const exported = tempFilePath('export');
    const source = await Ledger.openExisting({ storage: { type: 'sqlite', database } });
    await exportJournal(source, exported, { format: 'ion-binary', maxFileBytes: 4_000 });
    await source.close();
    const target = tempLedgerPath('imported');

    const stopped = await runUntilStopped(CHILD, [exported, JSON.stringify(storageAt(target))]);
    expect(stopped).toEqual({ statement: 'INSERT INTO journal_block' });
    const counts = await rawQuery<{ blocks: string; strands: string; documents: string }>(
      target,
      'SELECT (SELECT COUNT(*) FROM journal_block) AS blocks, (SELECT COUNT(*) FROM ledger_strand) AS strands, (SELECT COUNT(*) FROM ledger_document) AS documents',
    );
    expect(counts.map((row) => [Number(row.blocks), Number(row.strands), Number(row.documents)])).toEqual([[0, 0, 0]]);

    const result = await importJournal(exported, storageAt(target));
    expect(Buffer.from(result.digest.digest).equals(Buffer.from(digest))).toBe(true);
    const imported = await Ledger.openExisting({ storage: storageAt(target) });
    try {
      expect((await imported.verify()).problems).toEqual([]);
    } finally {
      await imported.close();
    }
  });
});
