// Export and import through the library: a journal with DDL, indexes, deletes and events comes
// back with the same blocks and digest; a missing block, a missing data file and an unfinished
// export are refused with the file and block named; an imported QLDB journal's derived catalog is
// checked by verify() like everything else.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { QLDB_EXPORT_DIR } from '../../../../test/support/vectors';
import { Ledger } from '../engine';
import '../partiql';
import { toIon } from '../ion';
import { exportJournal, importJournal, ImportRefusedError } from '.';

const directory = mkdtempSync(join(tmpdir(), 'ledger-export-spec-'));
let n = 0;
const fresh = (name: string) => join(directory, `${name}-${n++}`);
const sqlite = (database: string) => ({ type: 'sqlite' as const, database });

afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function sourceLedger(): Promise<{ path: string; ledger: Ledger }> {
  const path = fresh('source.ledger');
  const ledger = await Ledger.open({ name: 'orders', storage: sqlite(path) });
  await ledger.query('CREATE TABLE Orders');
  await ledger.query('CREATE INDEX ON Orders (customer)');
  for (let i = 0; i < 12; i++) await ledger.query('INSERT INTO Orders ?', { customer: `c${i % 3}`, total: i * 1.25 });
  await new Promise((resolve) => setTimeout(resolve, 5)); // the delete's block is the first of a later millisecond
  await ledger.query("DELETE FROM Orders WHERE customer = 'c1'");
  await ledger.execute(async (tx) => {
    tx.appendEvents([{ type: 'Reconciled' }]);
    await tx.executeStatement("UPDATE Orders SET total = 0 WHERE customer = 'c2'");
  });
  return { path, ledger };
}

/** Refusal of `importJournal` as { message, place }. */
async function refusal(from: string): Promise<ImportRefusedError> {
  const target = fresh('refused.ledger');
  const error = await importJournal(from, sqlite(target)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRefusedError);
  expect(readdirSync(directory).filter((name) => name.startsWith(target.split('/').pop() as string))).toEqual([]);
  return error as ImportRefusedError;
}

describe('exportJournal and importJournal', () => {
  let exported: string;
  let source: Ledger;

  beforeAll(async () => {
    ({ ledger: source } = await sourceLedger());
    exported = fresh('export');
    await exportJournal(source, exported, { maxFileBytes: 1500 });
  });

  afterAll(() => source.close());

  it('imports the same blocks, documents and indexes, with the same digest', async () => {
    const target = fresh('copy.ledger');
    const result = await importJournal(exported, sqlite(target));
    const expected = await source.getDigest();
    expect(Buffer.from(result.digest.digest)).toEqual(Buffer.from(expected.digest));
    expect(result).toMatchObject({ ledgerName: 'orders', strandId: source.strandId, blocksImported: expected.digestTipAddress.sequenceNo + 1 });
    const copy = await Ledger.openExisting({ storage: sqlite(target) });
    expect(await copy.verify()).toMatchObject({ valid: true });
    expect(await copy.readBlocks(0, 100)).toEqual(await source.readBlocks(0, 100));
    expect(await copy.query("SELECT VALUE total FROM Orders WHERE customer = 'c0'")).toEqual(await source.query("SELECT VALUE total FROM Orders WHERE customer = 'c0'"));
    await copy.close();
  });

  it('refuses a journal with a block missing from the middle of a file', async () => {
    const gap = fresh('gap');
    await exportJournal(source, gap, { maxFileBytes: 1 << 20 });
    const [file] = readdirSync(gap).filter((name) => name.endsWith('.ion'));
    const lines = readFileSync(join(gap, file), 'utf8').split('\n');
    writeFileSync(join(gap, file), [...lines.slice(0, 5), ...lines.slice(6)].join('\n'));
    const error = await refusal(gap);
    expect(error.place).toEqual({ file, sequenceNo: 6 });
    expect(error.message).toContain(`block 6 in ${file} does not verify: SEQUENCE_GAP: block 5 is missing before sequenceNo 6`);
  });

  it('refuses a missing data file and an export without its completed manifest', async () => {
    const missing = fresh('missing');
    await exportJournal(source, missing, { maxFileBytes: 1500 });
    const files = readdirSync(missing).filter((name) => name.endsWith('.ion'));
    rmSync(join(missing, files[1]));
    expect((await refusal(missing)).message).toContain(`data file ${files[1]}, listed in the completed manifest, is missing`);
    for (const name of readdirSync(missing)) if (name.endsWith('.completed.manifest')) rmSync(join(missing, name));
    expect((await refusal(missing)).message).toContain('the export is missing or did not complete');
  });

  it('exports only the blocks of a time range, and refuses to import a journal that does not start at genesis', async () => {
    const deleted = (await source.readBlocks(0, 100)).find((b) => b.transactionInfo.statements[0]?.statement.startsWith('DELETE'))!;
    const range = fresh('range');
    const result = await exportJournal(source, range, { fromTime: deleted.blockTimestamp as Date });
    expect(result.firstSequenceNo).toBe(deleted.blockAddress.sequenceNo);
    expect(result.blocksExported).toBe(2);
    expect((await refusal(range)).message).toMatch(/does not verify: SEQUENCE_GAP: the chain starts at sequenceNo \d+, not at genesis/);
  });
});

describe('an imported QLDB journal', () => {
  it("refuses QLDB's down-converted JSON export, saying how to export instead", async () => {
    const json = fresh('qldb-json');
    mkdirSync(json);
    const ion = fresh('qldb-ion');
    const exportLedger = await Ledger.open({ name: 'dmv', storage: sqlite(fresh('dmv-json.ledger')) });
    await exportJournal(exportLedger, ion, { format: 'json' });
    await exportLedger.close();
    // QLDB's JSON: the same layout, blobs written as plain base64 strings
    for (const name of readdirSync(ion)) {
      const text = readFileSync(join(ion, name), 'utf8').replace(/\{"\$ion":"\{\{([^}]*)\}\}"\}/g, '"$1"');
      writeFileSync(join(json, name), text);
    }
    expect((await refusal(json)).message).toContain("QLDB's JSON export down-converts Ion and cannot be verified; export the journal from QLDB as ION_TEXT or ION_BINARY");
  });

  it("verifies its derived catalog, and finds a table's catalog row altered in the database", async () => {
    const target = fresh('dmv.ledger');
    await importJournal(QLDB_EXPORT_DIR, sqlite(target));
    const db = new Database(target);
    const [row] = db.prepare("SELECT document_id AS id, version FROM ledger_document WHERE table_id = 'UserTables000000000000'").all() as Array<{ id: string; version: number }>;
    expect(row.version).toBe(-1);
    db.prepare('UPDATE ledger_document SET data = ? WHERE document_id = ?').run(
      Buffer.from(toIon({ name: 'Renamed', tableId: row.id, status: 'ACTIVE', indexes: [] }, 'binary')),
      row.id,
    );
    db.close();
    const ledger = await Ledger.openExisting({ storage: sqlite(target) });
    const result = await ledger.verify();
    await ledger.close();
    expect(result.valid).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: 'DOCUMENT_MISMATCH', sequenceNo: 1 });
    expect(result.problems[0].message).toContain(`document ${row.id} differs from the catalog entry its table's blocks imply`);
  });

  /** The QLDB vector cut after its first data file (blocks 0-9), as an export taken before the last blocks existed. */
  function firstTenBlocks(): string {
    const partial = fresh('qldb-partial');
    mkdirSync(partial);
    for (const name of readdirSync(QLDB_EXPORT_DIR)) if (!name.includes('.10-11.')) writeFileSync(join(partial, name), readFileSync(join(QLDB_EXPORT_DIR, name)));
    const manifest = readdirSync(partial).find((name) => name.endsWith('.completed.manifest')) as string;
    writeFileSync(join(partial, manifest), '{keys:["0uKQeIDyF4U96M5jfNQNdD.0-9.ion"]}');
    return partial;
  }

  it('appends a later export of the same journal onto an earlier import, reaching the same digest', async () => {
    const expected = JSON.parse(readFileSync(join(QLDB_EXPORT_DIR, 'EXPECTED.json'), 'utf8'));
    const target = fresh('dmv-appended.ledger');
    expect((await importJournal(firstTenBlocks(), sqlite(target))).blocksImported).toBe(10);
    const appended = await importJournal(QLDB_EXPORT_DIR, sqlite(target), { append: true });
    expect(appended.blocksImported).toBe(2);
    expect(Buffer.from(appended.digest.digest).toString('base64')).toBe(expected.digest_base64);
    expect((await importJournal(QLDB_EXPORT_DIR, sqlite(target), { append: true })).blocksImported).toBe(0);
    const ledger = await Ledger.openExisting({ storage: sqlite(target) });
    expect(await ledger.verify()).toMatchObject({ valid: true, blocksVerified: 12 });
    await ledger.close();
  });

  it('refuses to append onto a ledger that took commits of its own since the import', async () => {
    const target = fresh('dmv-diverged.ledger');
    await importJournal(firstTenBlocks(), sqlite(target));
    const ledger = await Ledger.openExisting({ storage: sqlite(target) });
    await ledger.query('INSERT INTO Vehicle ?', { VIN: 'LOCAL' });
    await ledger.close();
    const error = await importJournal(QLDB_EXPORT_DIR, sqlite(target), { append: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRefusedError);
    expect((error as Error).message).toContain('block 10 in 0uKQeIDyF4U96M5jfNQNdD.10-11.ion is not the ledger\'s block 10: the ledger and the export have diverged');
    const after = await Ledger.openExisting({ storage: sqlite(target) });
    expect((await after.getDigest()).digestTipAddress.sequenceNo).toBe(10);
    await after.close();
  });
});
