// Benchmarks of PartiQL on a 100,000-document table (an index on VIN), built once and kept in
// .tmp/bench: an indexed point lookup through ledger.query beside the engine's tx.find and beside a
// hand-written query on the same file (better-sqlite3: the index entry joined to its document,
// decoded with fromIon), best of interleaved windows; a full-scan filter beside the engine's scan
// filtered in JavaScript and a hand-written table read; statements parsed per second.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fromIon, Ledger, parsePartiql, type IonStructObject } from 'nestjs-ledger';
import { ionHash } from 'nestjs-ledger/verify';
import { bestOfInterleaved, compare, figure, measure, report, section } from '../bench-harness';
import type { BenchSuite } from './index';

const DOCUMENTS = 100_000;
const PER_TRANSACTION = 2_000;
const PATH = join(process.cwd(), '.tmp', 'bench', `partiql-${DOCUMENTS}.ledger`);
const MAKES = ['Audi', 'Tesla', 'Ducati', 'Ford', 'Mercedes', 'Toyota', 'Volvo'];

const STATEMENTS = [
  "SELECT * FROM Vehicle AS v WHERE v.VIN = '1N4AL11D75C109151'",
  'SELECT r.VIN, r.Owners.PrimaryOwner.PersonId FROM VehicleRegistration AS r WHERE r.VIN IN (?, ?)',
  'SELECT v.Make, v.Model, r.Owners FROM VehicleRegistration AS r, Vehicle AS v WHERE r.VIN = v.VIN AND r.City = ?',
  'SELECT h.data.Color, h.metadata.version FROM history(Vehicle) AS h WHERE h.metadata.id = ?',
  "INSERT INTO Person << {'FirstName': 'Raul', 'LastName': 'Lewis', 'DOB': `1963-08-19T`, 'GovId': 'LEWISR261LL'} >>",
  'UPDATE VehicleRegistration AS r SET r.PendingPenaltyTicketAmount = r.PendingPenaltyTicketAmount + 10.00 WHERE r.VIN = ?',
  "FROM VehicleRegistration AS r WHERE r.VIN = ? INSERT INTO r.Owners.SecondaryOwners VALUE {'PersonId': ?}",
  "SELECT v.Make, COUNT(*) AS n, AVG(v.Year) AS year FROM Vehicle v WHERE v.Color LIKE 'B%' GROUP BY v.Make ORDER BY n DESC LIMIT 3",
];

async function run(): Promise<void> {
  section(`PartiQL (SQLite file, ${DOCUMENTS.toLocaleString('en-US')} documents, index on VIN)`);
  const ledger = await benchLedger();
  const db = new Database(PATH, { readonly: true });
  try {
    await lookups(ledger, db);
    await scans(ledger, db);
  } finally {
    db.close();
    await ledger.close();
  }
  await parsing();
}

function vinOf(n: number): string {
  return `VIN${String(n).padStart(14, '0')}`;
}

function vehicle(n: number): IonStructObject {
  return { VIN: vinOf(n), Make: MAKES[n % MAKES.length], Model: `Model ${n % 97}`, Year: 1990 + (n % 35), Mileage: (n * 7919) % 100_000, Color: n % 3 ? 'Blue' : 'Black' };
}

/** The ledger with its 100,000 vehicles (built through PartiQL inserts when the kept one is missing or incomplete). */
async function benchLedger(): Promise<Ledger> {
  mkdirSync(join(process.cwd(), '.tmp', 'bench'), { recursive: true });
  const open = () =>
    Ledger.open({
      name: 'bench',
      storage: { type: 'sqlite', database: PATH, synchronous: 'NORMAL' },
      limits: { documentsPerTransaction: PER_TRANSACTION, transactionBytes: 64 * 1024 * 1024 },
    });
  const kept = await open();
  if (await isComplete(kept)) return kept;
  await kept.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${PATH}${suffix}`, { force: true });
  const ledger = await open();
  const started = process.hrtime.bigint();
  await ledger.query('CREATE TABLE Vehicle');
  await ledger.query('CREATE INDEX ON Vehicle (VIN)');
  for (let first = 0; first < DOCUMENTS; first += PER_TRANSACTION) {
    await ledger.query('INSERT INTO Vehicle ?', Array.from({ length: PER_TRANSACTION }, (_, i) => vehicle(first + i)));
  }
  figure(`  built the ${DOCUMENTS.toLocaleString('en-US')}-document ledger`, `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
  return ledger;
}

async function isComplete(ledger: Ledger): Promise<boolean> {
  const [tables] = await ledger.query("SELECT VALUE COUNT(*) FROM information_schema.user_tables t WHERE t.name = 'Vehicle'");
  return tables === 1 && (await ledger.query('SELECT VALUE COUNT(*) FROM Vehicle'))[0] === DOCUMENTS;
}

async function lookups(ledger: Ledger, db: Database.Database): Promise<void> {
  const [indexId] = (await ledger.query("SELECT VALUE i.indexId FROM information_schema.user_tables t, t.indexes i WHERE t.name = 'Vehicle'")) as string[];
  const byIndex = db.prepare(
    `SELECT d.document_id AS documentId, d.data FROM ledger_index_entry e JOIN ledger_document d ON d.document_id = e.document_id
      WHERE e.index_id = ? AND e.value_key = ?`,
  );
  const vins = Array.from({ length: 4096 }, (_, i) => vinOf((i * 7919) % DOCUMENTS));
  let i = 0;
  const [handWritten, engine, partiql] = await bestOfInterleaved([
    [
      'hand-written indexed SELECT + fromIon',
      () => (byIndex.all(indexId, Buffer.from(ionHash(vins[i++ % vins.length]))) as Array<{ data: Uint8Array }>).map((row) => fromIon(row.data)),
    ],
    ['engine tx.find by VIN (indexed)', () => ledger.execute((tx) => tx.find('Vehicle', { VIN: vins[i++ % vins.length] }))],
    ['PartiQL SELECT * … WHERE VIN = ? (indexed)', () => ledger.query('SELECT * FROM Vehicle AS v WHERE v.VIN = ?', vins[i++ % vins.length])],
  ]);
  report(handWritten);
  compare(engine, handWritten);
  compare(partiql, handWritten);
  compare(partiql, engine);
}

async function scans(ledger: Ledger, db: Database.Database): Promise<void> {
  const [tableId] = (await ledger.query("SELECT VALUE t.tableId FROM information_schema.user_tables t WHERE t.name = 'Vehicle'")) as string[];
  const table = db.prepare('SELECT data FROM ledger_document WHERE table_id = ? AND data IS NOT NULL');
  const options = { seconds: 3, opsPerCall: DOCUMENTS, warmupCalls: 1 };
  const handWritten = await measure('hand-written table read + fromIon + filter', () => {
    const rows = table.all(tableId) as Array<{ data: Uint8Array }>;
    return rows.map((row) => fromIon(row.data) as IonStructObject).filter((v) => (v.Mileage as number) > 99_000);
  }, options);
  const engine = await measure('engine tx.scan + filter in JavaScript', () =>
    ledger.execute(async (tx) => (await tx.scan('Vehicle')).filter((d) => (d.data.Mileage as number) > 99_000)),
  options);
  const partiql = await measure('PartiQL full-scan filter (documents/s)', () => ledger.query('SELECT VALUE v.VIN FROM Vehicle AS v WHERE v.Mileage > 99000'), options);
  report(handWritten);
  compare(engine, handWritten);
  compare(partiql, handWritten);
  compare(partiql, engine);
}

async function parsing(): Promise<void> {
  const characters = STATEMENTS.reduce((sum, s) => sum + s.length, 0) / STATEMENTS.length;
  section(`PartiQL parser (${STATEMENTS.length} QLDB-style statements, ${characters.toFixed(0)} characters on average)`);
  report(await measure('statements parsed', () => STATEMENTS.forEach((statement) => parsePartiql(statement)), { opsPerCall: STATEMENTS.length }));
}

export const partiqlSuite: BenchSuite = { name: 'partiql', run };
