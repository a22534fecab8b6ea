// A process importing an export into a new ledger, on the calling thread, 20 blocks a write, that
// stops for good at a known point of it:
//   node -r ./test/support/register-ts.js importing.child.ts <export directory> <storage options JSON>
// The drivers' statements are wrapped (here only, the library is as shipped): just before the
// import's second write of blocks runs (the first 20 blocks written, uncommitted), it prints one
// JSON line and blocks until killed: on SQLite the file it writes and whether a log lies beside it,
// on PostgreSQL the statement. Should the import end first, it prints { "blocksImported": n }.
import { existsSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { importJournal, type StorageOptions } from 'nestjs-ledger';
import pg from 'pg';

type Connection = InstanceType<typeof Database>;
/** A prepared statement, as far as the wrapper calls it. */
type Statement = { run(...parameters: unknown[]): unknown };

const [from, options] = process.argv.slice(2);
const storage = JSON.parse(options) as StorageOptions;
let blockWrites = 0;

/** Stops the process for good, having printed `point`, before the second write of blocks. */
function stopAtSecondBlockWrite(sql: string, point: () => Record<string, unknown>): void {
  if (!sql.startsWith('INSERT INTO journal_block') || ++blockWrites !== 2) return;
  writeSync(1, `${JSON.stringify(point())}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // no timeout: until killed
}

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Connection, sql: string) {
  const statement = prepare.call(this, sql) as unknown as Statement;
  const run = statement.run;
  const file = this.name;
  const point = () => ({ file, log: existsSync(`${file}-wal`) || existsSync(`${file}-journal`) });
  statement.run = ((...parameters: unknown[]) => (stopAtSecondBlockWrite(sql, point), run.apply(statement, parameters))) as typeof run;
  return statement as unknown as ReturnType<typeof prepare>;
} as typeof prepare;

const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  const sql = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: unknown } | undefined)?.text ?? '');
  stopAtSecondBlockWrite(sql, () => ({ statement: sql.slice(0, 'INSERT INTO journal_block'.length) }));
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

importJournal(from, storage, { workers: 0, pageSize: 20 }).then(
  (result) => writeSync(1, `${JSON.stringify({ blocksImported: result.blocksImported })}\n`),
  (error: Error) => {
    writeSync(1, `${JSON.stringify({ error: `${error.name}: ${error.message}` })}\n`);
    process.exit(1);
  },
);
