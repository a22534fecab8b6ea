// The column tamper suite, on a real SQLite ledger file with a realistic journal: one bit flipped
// in single stored values of every column of every journal and derived table (tables and columns
// read from the schema, so a new one is covered, or fails this suite until classified). Each flip
// must be found by verify() at the block the row belongs to, or refused by `open` (as the
// application opens it, by name), or shown to change nothing anything reads: an Ion value
// re-encoded differently that decodes to the same value. Operational tables are listed, not flipped: docs/verification.md says why.
import { copyFileSync } from 'node:fs';
import { fromIon, ionHash } from '../ion';
import { LedgerError } from '../errors';
import { seededRandom } from '../partiql/partiql-fuzz.fixture';
import { JOURNAL_TABLES } from '../storage/migrations/journal-schema.migration';
import { realisticLedger, tamper } from './tamper.fixture';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from './test-ledger.fixture';
import { testStorage, type RawSql } from './test-storage.fixture';

afterAll(removeTempLedgers);

/** Tables of state derived from the journal (or naming it), which verify() compares. */
const DERIVED_TABLES = ['ledger_strand', 'ledger_document', 'ledger_index_entry'];

/**
 * Operational tables: rewritten in place by design, never hashed, exported or read by a query or
 * a commit: schema migrations run (TypeORM's), projection checkpoints, leases and failures.
 */
const OPERATIONAL_TABLES = ['ledger_migrations', 'ledger_projection'];

/**
 * The subjects' data keys beside the journal: verify() compares their rows with the blocks that
 * created and shredded them, and a wrapped key is checked when it is used (subject-keys.spec.ts
 * tampers with them; this ledger has none).
 */
const KEY_TABLES = ['ledger_data_key'];

/** Stored values flipped per column. */
const ROWS_PER_COLUMN = 10;

interface Flip {
  table: string;
  column: string;
  rowid: number;
  /** The block the row belongs to, where verify() must report it. */
  sequenceNo: number;
  before: unknown;
}

type Outcome = 'located' | 'refused at open' | 'same Ion value';

async function schemaColumns(sql: RawSql): Promise<Map<string, Array<{ name: string; type: string }>>> {
  const tables = await sql.query<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
  const columns = new Map<string, Array<{ name: string; type: string }>>();
  for (const { name } of tables) columns.set(name, await sql.query<{ name: string; type: string }>(`SELECT name, type FROM pragma_table_info('${name}')`));
  return columns;
}

/** The block a row of `table` belongs to: its own sequence_no, the tree node's last leaf, the indexed document's block, genesis for the strand. */
async function blockOfRow(sql: RawSql, table: string, rowid: number): Promise<number> {
  const one = async (query: string) => Number(Object.values((await sql.query<Record<string, number>>(query, [rowid]))[0])[0]);
  if (table === 'journal_tree_node') return one('SELECT (idx + 1) * (1 << level) - 1 FROM journal_tree_node WHERE rowid = ?');
  if (table === 'ledger_index_entry') return one('SELECT d.sequence_no FROM ledger_index_entry e JOIN ledger_document d ON d.document_id = e.document_id WHERE e.rowid = ?');
  if (table === 'ledger_strand') return 0;
  return one(`SELECT sequence_no FROM ${table} WHERE rowid = ?`);
}

async function chooseFlips(path: string, random: () => number): Promise<Flip[]> {
  const sql = await testStorage.raw(path);
  const flips: Flip[] = [];
  for (const table of [...JOURNAL_TABLES, ...DERIVED_TABLES]) {
    for (const { name: column } of (await schemaColumns(sql)).get(table) ?? []) {
      const stored = await sql.query<{ rowid: number; v: unknown }>(`SELECT rowid AS rowid, ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL ORDER BY rowid`);
      const rows = stored.length ? stored : await sql.query<{ rowid: number; v: unknown }>(`SELECT rowid AS rowid, NULL AS v FROM ${table} ORDER BY rowid`);
      for (let i = 0; i < Math.min(ROWS_PER_COLUMN, rows.length); i++) {
        const row = rows[Math.floor(random() * rows.length)];
        flips.push({ table, column, rowid: row.rowid, sequenceNo: await blockOfRow(sql, table, row.rowid), before: row.v });
      }
    }
  }
  await sql.close();
  return flips;
}

/**
 * The value with one bit of one byte flipped: of a blob's or a text's bytes (the text possibly no
 * longer UTF-8), or of an integer's low byte. A column that is NULL in every row gets a value
 * planted instead (a 32-byte blob).
 */
function flipped(value: unknown, random: () => number, attempt: number): { sql: string; value: unknown } {
  if (value === null) return { sql: '?', value: Buffer.alloc(32, attempt + 1) };
  const mask = 1 << ((Math.floor(random() * 8) + attempt) % 8);
  if (typeof value === 'number') return { sql: '?', value: value ^ mask };
  const bytes = Buffer.from(typeof value === 'string' ? Buffer.from(value, 'utf8') : (value as Buffer));
  bytes[Math.floor(random() * bytes.length)] ^= mask;
  return typeof value === 'string' ? { sql: 'CAST(? AS TEXT)', value: bytes } : { sql: '?', value: bytes };
}

/** Applies `flip` to a copy of the ledger file (another bit when the flip would break a unique key); returns the copy and the stored value. */
async function applyFlip(base: string, flip: Flip, random: () => number): Promise<{ path: string; after: unknown }> {
  const path = tempLedgerPath('flipped');
  copyFileSync(base, path);
  let after: unknown;
  await tamper(path, async (sql) => {
    for (let attempt = 0; after === undefined; attempt++) {
      const change = flipped(flip.before, random, attempt);
      try {
        await sql.query(`UPDATE ${flip.table} SET ${flip.column} = ${change.sql} WHERE rowid = ?`, [change.value, flip.rowid]);
        after = change.value;
      } catch (error) {
        if (!/UNIQUE|PRIMARY/i.test((error as Error).message) || attempt > 64) throw error;
      }
    }
  });
  return { path, after };
}

/** Whether two stored Ion values decode to the same value (the same Ion hash): nothing that reads them can tell. */
function sameIonValue(before: unknown, after: unknown): boolean {
  try {
    return before instanceof Uint8Array && after instanceof Uint8Array && Buffer.from(ionHash(fromIon(before))).equals(ionHash(fromIon(after)));
  } catch {
    return false;
  }
}

async function outcomeOf(base: string, flip: Flip, random: () => number): Promise<Outcome | string> {
  const { path, after } = await applyFlip(base, flip, random);
  let result;
  try {
    result = await verifyByName(path);
  } catch (error) {
    return error instanceof LedgerError ? 'refused at open' : `threw ${(error as Error).name}: ${(error as Error).message}`;
  }
  if (result.problems.some((p) => p.sequenceNo === flip.sequenceNo)) return 'located';
  if (result.valid && sameIonValue(flip.before, after)) return 'same Ion value';
  return `not located at block ${flip.sequenceNo}: ${JSON.stringify(result.problems.slice(0, 3))}`;
}

/** verify() of the ledger at `path` opened as its application opens it, by name: a ledger of another name is refused. */
async function verifyByName(path: string) {
  const ledger = await openTestLedger(path);
  try {
    return await ledger.verify({ all: true });
  } finally {
    await ledger.close();
  }
}

const onSqlite = testStorage.type === 'sqlite' ? describe : describe.skip;

onSqlite('a bit flipped in every column of every journal and derived table', () => {
  let base: string;
  beforeAll(async () => {
    base = await realisticLedger();
  });

  it('classifies every table of the schema as journal, derived or operational', async () => {
    const sql = await testStorage.raw(base);
    const tables = [...(await schemaColumns(sql)).keys()];
    await sql.close();
    expect(tables.sort()).toEqual([...JOURNAL_TABLES, ...DERIVED_TABLES, ...OPERATIONAL_TABLES, ...KEY_TABLES].sort());
  });

  it('finds and locates each flip, or it changes nothing anything reads', async () => {
    const random = seededRandom(20_261_206);
    const flips = await chooseFlips(base, random);
    const outcomes = new Map<string, number>();
    const failures: string[] = [];
    for (const flip of flips) {
      const outcome = await outcomeOf(base, flip, random);
      if (!['located', 'refused at open', 'same Ion value'].includes(outcome)) failures.push(`${flip.table}.${flip.column} (rowid ${flip.rowid}): ${outcome}`);
      outcomes.set(`${flip.table}.${flip.column}: ${outcome.split(':')[0]}`, (outcomes.get(`${flip.table}.${flip.column}: ${outcome.split(':')[0]}`) ?? 0) + 1);
    }
    console.log(`${flips.length} column flips:\n${[...outcomes].map(([key, n]) => `  ${key} × ${n}`).join('\n')}`);
    expect(failures).toEqual([]);
    const sql = await testStorage.raw(base);
    const schema = await schemaColumns(sql);
    await sql.close();
    const everyColumn = [...JOURNAL_TABLES, ...DERIVED_TABLES].flatMap((table) => (schema.get(table) ?? []).map((c) => `${table}.${c.name}`));
    expect(new Set(flips.map((flip) => `${flip.table}.${flip.column}`))).toEqual(new Set(everyColumn));
  });
});
