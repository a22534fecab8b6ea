// A process that redacts a revision or an event, or shreds a subject's data key, and freezes at a
// known point, for a parent to SIGKILL it there:
//   node -r ./test/support/register-ts.js erasure.child.ts <storage options JSON> <point> redact <block address JSON> <table id> <document id>
//   node -r ./test/support/register-ts.js erasure.child.ts <storage options JSON> <point> redact-event <block address JSON> <event index>
//   node -r ./test/support/register-ts.js erasure.child.ts <storage options JSON> <point> shred <master key hex> <subject>
// `in-transaction` (SQLite): inside the database transaction, right after the revision row was
// emptied, the block row's header rewritten or the key row deleted, before COMMIT (a temporary trigger calls back into the process);
// `before-scrub`: after COMMIT, before the database is scrubbed. At the point it prints `stopped` and
// blocks. `server`: no stop of its own (PostgreSQL: the parent's trigger holds the server's session).
import { writeSync } from 'node:fs';
import { Ledger, SubjectKeys } from 'nestjs-ledger';

/** Prints `stopped` and blocks the whole process (the event loop included) until it is killed. */
function freeze(): void {
  writeSync(1, 'stopped\n');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
}

interface SqliteInternals {
  storage: { connection: { function(name: string, fn: () => null): void; exec(sql: string): void }; scrub(): Promise<unknown> };
}

async function main(): Promise<void> {
  const [storage, point, operation, ...args] = process.argv.slice(2);
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage) });
  const internals = (ledger as unknown as SqliteInternals).storage;
  if (point === 'in-transaction') {
    const connection = internals.connection;
    const change = { redact: 'UPDATE ON journal_revision', 'redact-event': 'UPDATE ON journal_block' }[operation] ?? 'DELETE ON ledger_data_key';
    connection.function('stop_here', () => (freeze(), null));
    connection.exec(`CREATE TEMP TRIGGER stop_after_change AFTER ${change} BEGIN SELECT stop_here(); END`);
  } else if (point === 'before-scrub') {
    internals.scrub = async () => freeze();
  }
  if (operation === 'redact') await ledger.redactRevision(JSON.parse(args[0]), args[1], args[2]);
  else if (operation === 'redact-event') await ledger.redactEvent(JSON.parse(args[0]), Number(args[1]));
  else await new SubjectKeys(ledger, { masterKey: Buffer.from(args[0], 'hex') }).shred(args[1]);
  writeSync(1, 'not stopped\n');
}

main();
