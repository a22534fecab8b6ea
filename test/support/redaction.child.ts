// A process that redacts one revision and freezes at a known point, for a parent to SIGKILL it there:
//   node -r ./test/support/register-ts.js redaction.child.ts <SQLite file> <block address JSON> <table id> <document id> <point>
// `in-transaction`: inside the database transaction, right after the revision row was emptied and
// before COMMIT (a temporary trigger calls back into the process); `before-scrub`: after COMMIT,
// before the write-ahead log is checkpointed. At the point it prints `stopped` and blocks.
import { writeSync } from 'node:fs';
import { Ledger } from 'nestjs-ledger';

/** Prints `stopped` and blocks the whole process (the event loop included) until it is killed. */
function freeze(): void {
  writeSync(1, 'stopped\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
}

interface SqliteInternals {
  storage: { dataSource: { driver: { databaseConnection: { function(name: string, fn: () => null): void; exec(sql: string): void } } }; scrub(): Promise<unknown> };
}

async function main(): Promise<void> {
  const [database, address, tableId, documentId, point] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'test', storage: { type: 'sqlite', database } });
  const { storage } = ledger as unknown as SqliteInternals;
  if (point === 'in-transaction') {
    const connection = storage.dataSource.driver.databaseConnection;
    connection.function('stop_here', () => (freeze(), null));
    connection.exec('CREATE TEMP TRIGGER stop_after_redaction AFTER UPDATE ON journal_revision BEGIN SELECT stop_here(); END');
  } else {
    storage.scrub = async () => freeze();
  }
  await ledger.redactRevision(JSON.parse(address), tableId, documentId);
  writeSync(1, 'not stopped\n');
}

main();
