// A process importing an export into a new SQLite ledger, on the calling thread, 20 blocks a write,
// that stops for good at a known point of it:
//   node -r ./test/support/register-ts.js importing.child.ts <export directory> <ledger file>
// better-sqlite3's statements are wrapped (here only, the library is as shipped): just before the
// import's second write of blocks runs (the first 20 blocks written, uncommitted), it prints one
// JSON line (the file it writes, and whether a log lies beside it) and blocks until killed.
// Should the import end first, it prints { "blocksImported": n }.
import { existsSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { importJournal } from 'nestjs-ledger';

type Connection = InstanceType<typeof Database>;
/** A prepared statement, as far as the wrapper calls it. */
type Statement = { run(...parameters: unknown[]): unknown };

const [from, database] = process.argv.slice(2);
const prepare = Database.prototype.prepare;
let blockWrites = 0;

/** Stops the process for good before the second write of blocks into the import's file. */
function stopAtSecondBlockWrite(connection: Connection, sql: string): void {
  if (!sql.startsWith('INSERT INTO journal_block') || ++blockWrites !== 2) return;
  const file = connection.name;
  writeSync(1, `${JSON.stringify({ file, log: existsSync(`${file}-wal`) || existsSync(`${file}-journal`) })}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // no timeout: until killed
}

Database.prototype.prepare = function (this: Connection, sql: string) {
  const statement = prepare.call(this, sql) as unknown as Statement;
  const run = statement.run;
  statement.run = ((...parameters: unknown[]) => (stopAtSecondBlockWrite(this, sql), run.apply(statement, parameters))) as typeof run;
  return statement as unknown as ReturnType<typeof prepare>;
} as typeof prepare;

importJournal(from, { type: 'sqlite', database }, { workers: 0, pageSize: 20 }).then(
  (result) => writeSync(1, `${JSON.stringify({ blocksImported: result.blocksImported })}\n`),
  (error: Error) => {
    writeSync(1, `${JSON.stringify({ error: `${error.name}: ${error.message}` })}\n`);
    process.exit(1);
  },
);
