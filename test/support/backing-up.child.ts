// A process backing up an SQLite ledger that stops for good at a known point of it:
//   node -r ./test/support/register-ts.js backing-up.child.ts <ledger file> <backup file>
// The driver's statements are wrapped (here only, the library is as shipped): right after the
// copy's VACUUM INTO has written the temporary file, before it is switched, checked and placed, it
// prints { "temp": <that file> } and blocks until killed. Should the backup end first, it prints
// { "placed": <file> }.
import { writeSync } from 'node:fs';
import { Ledger } from 'nestjs-ledger';
import { hookSqliteStatements } from '../../libs/ledger/src/engine/sqlite-statement-hook.fixture';

const [database, destination] = process.argv.slice(2);

hookSqliteStatements((sql) => sql.startsWith('VACUUM INTO'), {
  after: ([temp]) => {
    writeSync(1, `${JSON.stringify({ temp })}\n`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // no timeout: until killed
  },
});

void (async () => {
  const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database } });
  const backup = await ledger.backup(destination);
  writeSync(1, `${JSON.stringify({ placed: backup.file })}\n`);
  await ledger.close();
})();
