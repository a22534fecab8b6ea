// A process that opens an SQLite ledger with its migrations on and stops at a known point of them:
//   node -r ./test/support/register-ts.js migrating-ledger.child.ts <file> <statement text> <occurrence>
// better-sqlite3's prepare and exec are wrapped (here only, the library is as shipped): just before
// the file's connection runs its `occurrence`th statement containing `statement text`, it prints
// one JSON line (the statement, the migrations recorded so far, the schema's objects and the
// journal's blocks, as that uncommitted transaction sees them) and blocks for ever, for the parent to kill it there. Should
// the opening end without meeting the statement, it prints { "opened": true } and exits.
import { writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Ledger } from 'nestjs-ledger';
import type { PausePoint } from './migrate-crash-cases';

type Connection = InstanceType<typeof Database>;

const [file, statementText, occurrence] = process.argv.slice(2);
const prepare = Database.prototype.prepare;
const exec = Database.prototype.exec;
let seen = 0;

/** Stops the process for good when `sql`, about to run on the ledger file's connection, is the awaited statement. */
function stopBefore(connection: Connection, sql: string): void {
  if (connection.name !== file || !sql.includes(statementText) || ++seen !== Number(occurrence)) return;
  const query = (text: string) => (prepare.call(connection, text) as unknown as { all(): Array<Record<string, string>> }).all();
  const objects = query("SELECT type || ' ' || name AS object FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY 1").map((row) => row.object);
  const point: PausePoint = {
    statement: sql,
    recorded: query('SELECT name FROM ledger_migrations ORDER BY id').map((row) => row.name),
    objects,
    blocks: objects.includes('table journal_block') ? Number(query('SELECT COUNT(*) AS n FROM journal_block')[0].n) : 0,
  };
  writeSync(1, `${JSON.stringify(point)}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // no timeout: until killed
}

Database.prototype.prepare = function (this: Connection, sql: string) {
  stopBefore(this, sql);
  return prepare.call(this, sql);
} as typeof prepare;
Database.prototype.exec = function (this: Connection, sql: string) {
  stopBefore(this, sql);
  return exec.call(this, sql);
} as typeof exec;

async function main(): Promise<void> {
  const ledger = await Ledger.open({ name: 'test', storage: { type: 'sqlite', database: file }, migrate: true });
  await ledger.close();
  writeSync(1, `${JSON.stringify({ opened: true })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
