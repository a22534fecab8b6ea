// The file tamper suite: single bytes of a real SQLite ledger file flipped at random (seeded) places.
// Each flip must be refused by `open` with a typed error (a damaged file, or altered tables or
// indexes), or found by verify() (its own checks or SQLite's integrity check), or be proven
// harmless: verify() (SQLite's integrity check included, so every index matches its table) passes
// and every row of every table and the schema read back exactly as before (the flip hit free
// space, an unused part of a page or a header counter), or only an append-only trigger's text
// changed and the journal still refuses UPDATE and DELETE.
// Nothing may escape untyped. The counts are printed.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { LedgerError } from '../errors';
import { JOURNAL_TABLES } from '../storage/migrations/journal-schema.migration';
import { seededRandom } from '../partiql/partiql-fuzz.fixture';
import { realisticLedger } from './tamper.fixture';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from './test-ledger.fixture';
import { testStorage } from './test-storage.fixture';

afterAll(removeTempLedgers);

const FLIPS = 1500;

type Outcome =
  | 'refused at open'
  | 'found by verify'
  | 'found by the integrity check only'
  | 'harmless: same rows and schema'
  | "harmless: same rows and schema, SQLite's autoincrement counter changed"
  | "harmless: same rows, a trigger's text changed, the journal still refuses changes";

/**
 * What anything reading the database can see: every row of every table, and the schema (its
 * triggers apart); SQLite's autoincrement counters (sqlite_sequence: the next id of a migration's
 * row, read by nothing else) apart.
 */
interface LogicalDump {
  rows: string;
  triggers: string;
  counters: string;
}

function logicalDump(path: string): LogicalDump | undefined {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const schema = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all() as Array<{ type: string; name: string }>;
    const tables = schema.filter((entry) => entry.type === 'table' && entry.name !== 'sqlite_sequence').map((entry) => entry.name);
    const rows = tables.map((table) => db!.prepare(`SELECT * FROM "${table}" ORDER BY rowid`).all());
    const text = (value: unknown) => JSON.stringify(value, (_key, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v));
    return {
      rows: text([schema.filter((entry) => entry.type !== 'trigger'), rows]),
      triggers: text(schema.filter((entry) => entry.type === 'trigger')),
      counters: text(db.prepare('SELECT * FROM sqlite_sequence ORDER BY rowid').all()),
    };
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}


/** Whether every journal table still refuses UPDATE and DELETE (each tried in a transaction rolled back). */
function journalStillRefusesChanges(path: string): boolean {
  const db = new Database(path);
  try {
    return JOURNAL_TABLES.every((table) =>
      [`UPDATE ${table} SET hash = hash`.replace('journal_block SET hash = hash', 'journal_block SET header = header'), `DELETE FROM ${table}`].every((statement) => {
        try {
          db.exec(`BEGIN; ${statement};`);
          return false;
        } catch {
          return true;
        } finally {
          if (db.inTransaction) db.exec('ROLLBACK');
        }
      }),
    );
  } finally {
    db.close();
  }
}

function harmlessness(path: string, before: LogicalDump, after: LogicalDump | undefined): Outcome | undefined {
  if (after?.rows !== before.rows) return undefined;
  if (after.triggers === before.triggers) {
    return after.counters === before.counters ? 'harmless: same rows and schema' : "harmless: same rows and schema, SQLite's autoincrement counter changed";
  }
  return journalStillRefusesChanges(path) ? "harmless: same rows, a trigger's text changed, the journal still refuses changes" : undefined;
}

async function outcomeOf(base: string, baseDump: LogicalDump, offset: number, mask: number): Promise<Outcome | string> {
  const path = tempLedgerPath('flipped');
  const bytes = readFileSync(base);
  bytes[offset] ^= mask;
  writeFileSync(path, bytes);
  const dump = logicalDump(path);
  let result;
  try {
    const ledger = await openTestLedger(path);
    try {
      result = await ledger.verify({ all: true });
    } finally {
      await ledger.close();
    }
  } catch (error) {
    return error instanceof LedgerError ? 'refused at open' : `threw ${(error as Error).name}: ${(error as Error).message}`;
  }
  if (!result.valid) return result.problems.every((p) => p.code === 'DATABASE_CORRUPT') ? 'found by the integrity check only' : 'found by verify';
  return harmlessness(path, baseDump, dump) ?? 'passed verify with changed content';
}

const onSqlite = testStorage.type === 'sqlite' ? describe : describe.skip;

onSqlite('random single-byte flips of the ledger file', () => {
  it(`${FLIPS} flips: each refused, found, or harmless`, async () => {
    const base = await realisticLedger();
    expect(existsSync(`${base}-wal`)).toBe(false);
    const copy = tempLedgerPath('base');
    copyFileSync(base, copy);
    const baseDump = logicalDump(copy) as LogicalDump;
    const size = readFileSync(base).length;
    const random = seededRandom(61_206);
    const counts = new Map<string, number>();
    const escapes: string[] = [];
    for (let i = 0; i < FLIPS; i++) {
      const offset = Math.floor(random() * size);
      const mask = 1 + Math.floor(random() * 255);
      const outcome = await outcomeOf(base, baseDump, offset, mask);
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
      if (outcome.startsWith('threw') || outcome.startsWith('passed')) escapes.push(`byte ${offset} ^ 0x${mask.toString(16)}: ${outcome}`);
    }
    console.log(`${FLIPS} flips of a ${size}-byte ledger file:\n${[...counts].map(([outcome, n]) => `  ${outcome}: ${n}`).join('\n')}`);
    expect(escapes).toEqual([]);
  });
});
