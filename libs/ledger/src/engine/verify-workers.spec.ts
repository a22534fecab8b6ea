// verify() on worker threads gives exactly what it gives in the calling thread: the same problems,
// in the same order, with the same messages, on a realistic ledger with one bit flipped in stored
// values of every journal and derived column (and untouched), and on blocks whose headers hold Ion
// wrapper values (a decimal, a timestamp with an offset), whole and flipped; on PostgreSQL too, with
// a revision's data, a block header and a tree node altered in turn, and headers whose fields the
// checks read (through the block's summary) holding values of other types or malformed; and a
// worker that dies mid-way fails verify() with a BulkWorkerFailedError, after which the next
// verify() starts new workers.
import { copyFileSync } from 'node:fs';
import { Decimal, fromIon, IonAnnotated, Timestamp, toIon, type IonStructObject } from '../ion';
import { seededRandom } from '../partiql/partiql-fuzz.fixture';
import { JOURNAL_TABLES } from '../storage/migrations/journal-schema.migration';
import { onBulkWorkerStarted } from './bulk/bulk-workers';
import { BulkWorkerFailedError } from './errors';
import { Ledger } from './ledger';
import { first, flipLastByte, realisticLedger, tamper } from './tamper.fixture';
import { removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { testStorage } from './test-storage.fixture';

afterAll(removeTempLedgers);

const TABLES = [...JOURNAL_TABLES, 'ledger_strand', 'ledger_document', 'ledger_index_entry'];
const ROWS_PER_COLUMN = 3;

/** verify() of the ledger at `path`, all problems, small pages (so that several are in flight), on `workers` workers. */
async function verifyWith(path: string, workers: number) {
  const ledger = await Ledger.openExisting({ storage: storageAt(path) });
  try {
    return await ledger.verify({ all: true, pageSize: 4, workers });
  } finally {
    await ledger.close();
  }
}

/** The rows of each journal and derived column to flip a bit of: table, column, rowid. */
async function flips(path: string): Promise<Array<{ table: string; column: string; rowid: number }>> {
  const random = seededRandom(20_261_207);
  const sql = await testStorage.raw(path);
  const chosen = [];
  for (const table of TABLES) {
    for (const { name: column } of await sql.query<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)) {
      const rows = await sql.query<{ rowid: number }>(`SELECT rowid AS rowid FROM ${table} WHERE ${column} IS NOT NULL ORDER BY rowid`);
      for (let i = 0; i < Math.min(ROWS_PER_COLUMN, rows.length); i++) chosen.push({ table, column, rowid: rows[Math.floor(random() * rows.length)].rowid });
    }
  }
  await sql.close();
  return chosen;
}

/** A copy of `base` with one bit of the value at (table, column, rowid) flipped (a number's low bit, a blob's or text's last byte). */
async function flipped(base: string, flip: { table: string; column: string; rowid: number }): Promise<string> {
  const path = tempLedgerPath('flipped');
  copyFileSync(base, path);
  await tamper(path, async (sql) => {
    const [{ v }] = await sql.query<{ v: unknown }>(`SELECT ${flip.column} AS v FROM ${flip.table} WHERE rowid = ?`, [flip.rowid]);
    const change = typeof v === 'number' ? v ^ 1 : Buffer.from(v as Buffer);
    if (change instanceof Buffer) change[change.length - 1] ^= 1;
    const cast = typeof v === 'string' ? 'CAST(? AS TEXT)' : '?';
    await sql.query(`UPDATE OR IGNORE ${flip.table} SET ${flip.column} = ${cast} WHERE rowid = ?`, [change, flip.rowid]);
  });
  return path;
}

const onSqlite = testStorage.type === 'sqlite' ? describe : describe.skip;

onSqlite('verify() on worker threads', () => {
  let base: string;
  beforeAll(async () => {
    base = await realisticLedger();
  });

  it('reports exactly what the calling thread reports, for every flipped column and untouched', async () => {
    const untouched = await verifyWith(base, 2);
    expect(untouched).toEqual(await verifyWith(base, 0));
    expect(untouched.valid).toBe(true);
    const differences: string[] = [];
    let invalid = 0;
    for (const flip of await flips(base)) {
      const path = await flipped(base, flip);
      const [inThread, onWorkers] = [await verifyWith(path, 0), await verifyWith(path, 2)];
      if (!inThread.valid) invalid++;
      if (JSON.stringify(onWorkers) !== JSON.stringify(inThread)) differences.push(`${flip.table}.${flip.column}: ${JSON.stringify(onWorkers)} vs ${JSON.stringify(inThread)}`);
    }
    expect(differences).toEqual([]);
    expect(invalid).toBeGreaterThan(20);
  });

  it('reports exactly what the calling thread reports on headers holding Ion wrapper values, untouched and with each header flipped', async () => {
    const path = tempLedgerPath('wrapped');
    copyFileSync(base, path);
    const ledger = await Ledger.openExisting({ storage: storageAt(path) });
    await ledger.execute((tx) => tx.appendEvents([{ type: 'Priced', amount: new Decimal('10.50'), at: Timestamp.parse('2026-12-07T05:00+01:00') as never }]));
    await ledger.execute((tx) => tx.appendEvents([{ type: 'Plain', amount: 3 }]));
    await ledger.close();
    expect(await verifyWith(path, 2)).toEqual(await verifyWith(path, 0));
    const sql = await testStorage.raw(path);
    const rows = await sql.query<{ rowid: number }>('SELECT rowid AS rowid FROM journal_block ORDER BY sequence_no DESC LIMIT 3');
    await sql.close();
    for (const { rowid } of rows) {
      const flippedPath = await flipped(path, { table: 'journal_block', column: 'header', rowid });
      const inThread = await verifyWith(flippedPath, 0);
      expect(inThread.valid).toBe(false);
      expect(await verifyWith(flippedPath, 2)).toEqual(inThread);
    }
  });

  it('fails with a BulkWorkerFailedError when a worker dies after its first answer; the next verify() starts anew', async () => {
    onBulkWorkerStarted((worker) => worker.once('message', () => void worker.terminate()));
    try {
      await expect(verifyWith(base, 3)).rejects.toThrow(BulkWorkerFailedError); // 3: a pool of its own, started now
    } finally {
      onBulkWorkerStarted(undefined);
    }
    expect((await verifyWith(base, 3)).valid).toBe(true);
  });
});

describe('verify() on worker threads, on either database', () => {
  const alterations: Array<[string, string, string]> = [
    ['journal_revision', 'data', 'sequence_no = 4'],
    ['journal_block', 'header', 'sequence_no = 6'],
    ['journal_tree_node', 'hash', 'level = 1 AND idx = 2'],
  ];

  it('reports exactly what the calling thread reports, untouched and with a revision, a header and a tree node altered in turn', async () => {
    const path = await realisticLedger();
    expect(await verifyWith(path, 2)).toEqual(await verifyWith(path, 0));
    for (const [table, column, where] of alterations) {
      await tamper(path, async (sql) => {
        const row = await first<Record<string, Buffer>>(sql, `SELECT ${column} AS value FROM ${table} WHERE ${where}`);
        await sql.query(`UPDATE ${table} SET ${column} = ? WHERE ${where}`, [flipLastByte(row.value)]);
      });
      const inThread = await verifyWith(path, 0);
      expect(inThread.valid).toBe(false);
      expect(await verifyWith(path, 2)).toEqual(inThread);
    }
  });

  /** Header changes of fields the checks read: values a structured clone would change, values of types the checks pass over, a well-typed data key record, and malformed blocks. */
  const headerChanges: Array<[string, number, (header: HeaderFields) => void]> = [
    ['a table name that is an Ion struct', 3, (h) => (firstDocument(h).tableName = { name: 'Account' })],
    ['a table name that is an annotated string', 4, (h) => (firstDocument(h).tableName = new IonAnnotated(['t'], 'Account'))],
    ['a data key record of an annotated subject', 5, (h) => (h.transactionInfo.dataKey = { subject: new IonAnnotated(['s'], 'alice'), keyId: 'k1', action: 'CREATE' })],
    ['a well-typed data key record', 6, (h) => (h.transactionInfo.dataKey = { subject: 'bob', keyId: 'k2', action: 'CREATE' })],
    ['a redactionInfo of other types', 7, (h) => (h.redactionInfo = { documentId: new IonAnnotated(['d'], 'x'), version: new Decimal('1'), blockAddress: { sequenceNo: '3' }, eventIndex: 1.5 })],
    ['a blockTimestamp with an offset', 8, (h) => (h.blockTimestamp = Timestamp.parse('2026-12-07T05:00+01:00'))],
    ['no blockAddress', 9, (h) => delete h.blockAddress],
    ['a sequenceNo that is a decimal', 10, (h) => ((h.blockAddress as IonStructObject).sequenceNo = new Decimal('10'))],
    ['documents that are a list', 11, (h) => (h.transactionInfo.documents = [{ tableId: 'x', tableName: 'y' }])],
  ];

  it('reports exactly what the calling thread reports on headers whose fields the checks read hold other types, or are malformed', async () => {
    const path = await realisticLedger();
    let found = 0;
    for (const [change, sequenceNo, alter] of headerChanges) {
      await tamper(path, async (sql) => {
        const row = await first<{ value: Buffer }>(sql, `SELECT header AS value FROM journal_block WHERE sequence_no = ${sequenceNo}`);
        const header = fromIon(row.value) as unknown as HeaderFields;
        alter(header);
        await sql.query(`UPDATE journal_block SET header = ? WHERE sequence_no = ${sequenceNo}`, [Buffer.from(toIon(header as never, 'binary'))]);
      });
      const inThread = await verifyWith(path, 0);
      expect({ change, more: inThread.problems.length > found }).toEqual({ change, more: true });
      expect({ change, ...(await verifyWith(path, 2)) }).toEqual({ change, ...inThread });
      found = inThread.problems.length;
    }
    const { problems } = await verifyWith(path, 2);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'DATA_KEY_MISMATCH', message: expect.stringContaining('"bob"'), sequenceNo: 6 }));
    expect(problems).not.toContainEqual(expect.objectContaining({ code: 'DATA_KEY_MISMATCH', message: expect.stringContaining('alice') }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'BLOCK_TIME_MISMATCH', sequenceNo: 8 }));
    expect(problems.filter((p) => p.sequenceNo === 9 && p.code === 'MALFORMED_BLOCK')).toHaveLength(2);
  });
});

interface HeaderFields {
  blockAddress?: unknown;
  blockTimestamp: unknown;
  transactionInfo: { documents: unknown; dataKey?: unknown };
  redactionInfo?: unknown;
}

function firstDocument(header: HeaderFields): { tableName: unknown } {
  return Object.values(header.transactionInfo.documents as Record<string, { tableName: unknown }>)[0];
}
