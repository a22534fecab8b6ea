// What scrub() reaches on PostgreSQL, read from the server's own files: after a revision's
// redaction, `scrub({ rebuild: true })` (VACUUM FULL) leaves no relation file of the ledger's
// tables holding the removed text, where the data files held it before: in the revision, and in
// the dead versions of the current document's row and of its index entry that the update left;
// after an event's redaction, likewise in the old version of its block's row.
// The throw-away test server is local, so its data directory is read directly.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BlockAddress } from '../journal';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from './test-ledger.fixture';
import { testStorage, type RawSql } from './test-storage.fixture';

afterAll(removeTempLedgers);

/** The files (every segment of every fork) of the schema's tables, their TOAST tables and indexes, flushed to disk first. */
async function relationFiles(sql: RawSql, schema: string): Promise<string[]> {
  await sql.query('CHECKPOINT');
  const [{ directory }] = await sql.query<{ directory: string }>('SELECT current_setting(\'data_directory\') AS directory');
  const relations = await sql.query<{ path: string }>(
    `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ? OR c.oid IN (SELECT reltoastrelid FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE tn.nspname = ?)
         OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid IN (SELECT reltoastrelid FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace WHERE tn.nspname = ?))`,
    [schema, schema, schema],
  );
  return relations.filter((r) => r.path !== null).flatMap(({ path }) => segmentsOf(join(directory, path)));
}

/** A relation's files: its main fork's segments (`n`, `n.1`, …) and its other forks. */
function segmentsOf(file: string): string[] {
  const directory = join(file, '..');
  const base = file.slice(directory.length + 1);
  if (!existsSync(directory)) return [];
  return readdirSync(directory).filter((name) => name === base || name.startsWith(`${base}.`) || name.startsWith(`${base}_`)).map((name) => join(directory, name));
}

/** The files among `files` holding `text`. */
function filesHolding(files: string[], text: string): string[] {
  const needle = Buffer.from(text);
  return files.filter((file) => existsSync(file) && readFileSync(file).includes(needle));
}

const describeOnPostgres = testStorage.type === 'postgres' ? describe : describe.skip;

describeOnPostgres('scrub() on PostgreSQL, read from the server\'s files', () => {
  it('after a redaction, scrub({ rebuild: true }) leaves the removed text in no relation file of the ledger', async () => {
    const schema = tempLedgerPath('scrubbed');
    const ledger = await openTestLedger(schema);
    const secret = `ssn-${randomBytes(12).toString('hex')}`;
    await ledger.query('CREATE TABLE Person');
    await ledger.query('CREATE INDEX ON Person (ssn)');
    const [{ documentId }] = await ledger.query<{ documentId: string }>('INSERT INTO Person ?', { name: 'Ana', ssn: secret });
    await ledger.query("UPDATE Person AS p BY id SET p.ssn = 'withheld' WHERE id = ?", documentId);
    const [first] = await ledger.query<{ blockAddress: BlockAddress }>('SELECT h.blockAddress FROM history(Person) AS h WHERE h.metadata.id = ? AND h.metadata.version = 0', documentId);
    const [{ tableId }] = await ledger.query<{ tableId: string }>("SELECT tableId FROM information_schema.user_tables WHERE name = 'Person'");

    const sql = await testStorage.raw(schema);
    try {
      expect(filesHolding(await relationFiles(sql, schema), secret).length).toBeGreaterThan(0); // the scan finds what is there
      const redaction = await ledger.redactRevision(first.blockAddress, tableId, documentId);
      expect(redaction.scrub.steps.every((step) => step.startsWith('VACUUM '))).toBe(true);
      const rebuilt = await ledger.scrub({ rebuild: true });
      expect(rebuilt.steps.every((step) => step.startsWith('VACUUM (FULL) '))).toBe(true);
      expect(filesHolding(await relationFiles(sql, schema), secret)).toEqual([]);
      expect((await ledger.verify()).valid).toBe(true);
    } finally {
      await sql.close();
      await ledger.close();
    }
  });

  it("after an event redaction, scrub({ rebuild: true }) leaves the payload's text in no relation file of the ledger", async () => {
    const schema = tempLedgerPath('scrubbed_event');
    const ledger = await openTestLedger(schema);
    const secret = `card-${randomBytes(12).toString('hex')}`;
    const event = { type: 'Paid', aggregate: 'Payment', streamId: 'p-1', streamVersion: 0, payload: { card: secret } };
    const { block } = await ledger.transact((tx) => tx.appendEvents([event]));

    const sql = await testStorage.raw(schema);
    try {
      expect(filesHolding(await relationFiles(sql, schema), secret).length).toBeGreaterThan(0);
      const redaction = await ledger.redactEvent(block!.blockAddress, 0);
      expect(redaction.scrub.steps).toContain('VACUUM journal_block');
      await ledger.scrub({ rebuild: true });
      expect(filesHolding(await relationFiles(sql, schema), secret)).toEqual([]);
      expect((await ledger.verify()).valid).toBe(true);
    } finally {
      await sql.close();
      await ledger.close();
    }
  });
});
