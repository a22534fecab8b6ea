// A process backing up an SQLite ledger that stops for good at a known point of it:
//   node -r ./test/support/register-ts.js backing-up.child.ts <ledger file> <backup file>
// The driver's statements are wrapped (here only, the library is as shipped): right after the
// copy's VACUUM INTO has written the temporary file, before it is switched, checked and placed, it
// prints { "temp": <that file> } and blocks until killed. Should the backup end first, it prints
// { "placed": <file> }.
import { writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Ledger } from 'nestjs-ledger';

type Connection = InstanceType<typeof Database>;

const [database, destination] = process.argv.slice(2);

const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: Connection, sql: string) {
  const statement = prepare.call(this, sql);
  if (!sql.startsWith('VACUUM INTO')) return statement;
  const wrapped = statement as unknown as { run(...parameters: unknown[]): unknown };
  const run = wrapped.run;
  wrapped.run = (...parameters: unknown[]) => {
    run.apply(wrapped, parameters);
    writeSync(1, `${JSON.stringify({ temp: parameters[0] })}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // no timeout: until killed
  };
  return statement;
} as typeof prepare;

void (async () => {
  const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database } });
  const backup = await ledger.backup(destination);
  writeSync(1, `${JSON.stringify({ placed: backup.file })}\n`);
  await ledger.close();
})();
