// The worker thread that holds an SQLite ledger file's write connection (storage.writerThread): it
// runs what it is sent strictly in order, a pipelined batch as one transaction of its own, and the
// statements of a transaction that the ledger's thread drives one at a time.
import { parentPort, workerData } from 'node:worker_threads';
import type { SqlStatement } from '../sql-storage';
import { connect, driverOf, PreparedStatements, type SqliteConnection } from './sqlite-connection';
import type { WriteFailure, WriteReply, WriteRequest, WriteThreadSetup } from './sqlite-write-messages';

const setup = workerData as WriteThreadSetup;
const passphrase = setup.passphrase ? Buffer.from(setup.passphrase) : undefined;
const connection: SqliteConnection = connect(driverOf(setup.options), setup.options, passphrase, 'wal');
const statements = new PreparedStatements(connection);

parentPort?.on('message', (request: WriteRequest) => {
  if (request.kind === 'close') {
    connection.close();
    parentPort?.close();
    return;
  }
  let reply: WriteReply;
  try {
    reply = { id: request.id, rows: request.kind === 'batch' ? runBatch(request.tipCheck, request.statements) : run(request.sql, request.parameters) };
  } catch (error) {
    reply = { id: request.id, failure: failureOf(error) };
  }
  parentPort?.postMessage(reply);
});

/** A pipelined batch in one transaction, committed only when the journal's tip is the one it was chained on. */
function runBatch(tipCheck: SqlStatement, batch: readonly SqlStatement[]): unknown[] {
  run('BEGIN IMMEDIATE', []);
  try {
    const [row] = run(tipCheck.sql, tipCheck.parameters) as Array<{ tipHolds: number | null }>;
    if (row?.tipHolds !== 1) throw Object.assign(new Error('the journal tip moved'), { tipMoved: true });
    for (const statement of batch) run(statement.sql, statement.parameters);
    run('COMMIT', []);
    return [];
  } catch (error) {
    if (connection.inTransaction) run('ROLLBACK', []);
    throw error;
  }
}

/** Runs one statement through a cache of prepared statements; blobs arrive as Uint8Arrays and are bound as Buffers. */
function run(sql: string, parameters: readonly unknown[]): unknown[] {
  const statement = statements.of(sql);
  const values = parameters.map((value) => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value));
  if (statement.reader) return statement.all(...values);
  statement.run(...values);
  return [];
}

function failureOf(error: unknown): WriteFailure {
  const { message, code, tipMoved } = error as { message?: unknown; code?: unknown; tipMoved?: unknown };
  return { message: String(message ?? error), ...(typeof code === 'string' ? { code } : {}), ...(tipMoved === true ? { tipMoved: true } : {}) };
}
