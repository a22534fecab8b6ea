// Benchmarks of the ledger on PostgreSQL, on a throw-away server started for the run (fsync on,
// synchronous_commit on): 1 KB document inserts from 1 and 32 concurrent callers in one process and
// from 4 processes of 32 callers at once, beside raw pg single-row INSERTs of the same bytes (one
// transaction each) at the same setting; and read-modify-write commits (read an account, write it
// back changed) from 32 callers beside raw pg transactions doing the same (SELECT … FOR UPDATE,
// UPDATE) from 32 pooled connections. Each figure comes with the CPU one operation cost, in
// the benchmark's (or writer's) process and in the server, which is what bounds these rates on a
// machine with few cores. Each measured window follows WARM_UP_SECONDS of the same work, so that
// V8's compilation of the code paths (on threads of its own, counted in the process's CPU) is over
// before the CPU is counted.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { Ledger, toIon, type PostgresStorageOptions } from 'nestjs-ledger';
import { startPostgresServer, type PostgresServer } from '../../../../test/support/postgres-server';
import { compare, figure, measure, section, type Measurement } from '../bench-harness';
import { concurrently, kilobyteDocument } from './engine.bench';
import type { BenchSuite } from './index';

const SECONDS = 3;
/** Seconds of the same work before each measured window: after a few dozen commits, V8 keeps compiling for seconds (a single caller needs about 3,000 commits). */
const WARM_UP_SECONDS = 5;

/** Runs `operation` from `callers` concurrent loops for WARM_UP_SECONDS, unmeasured. */
async function warmUp(callers: number, operation: () => Promise<unknown>): Promise<void> {
  await concurrently('warm-up', callers, WARM_UP_SECONDS, operation);
}

async function run(): Promise<void> {
  section('PostgreSQL (throw-away local server, fsync on, synchronous_commit on)');
  const server = await startPostgresServer();
  try {
    const storage = (schema: string): PostgresStorageOptions => ({ type: 'postgres', url: server.url, schema, synchronousCommit: 'on' });
    const raw = await rawSingleRowInserts(server, toIon(kilobyteDocument(0), 'binary'));
    compare(await ledgerInserts(server, storage('one_caller'), 1), raw);
    const oneProcess = await ledgerInserts(server, storage('one_process'), 32);
    compare(oneProcess, raw);
    const fourProcesses = await ledgerInsertsFromProcesses(server, storage('four_processes'), 4, 32);
    compare(fourProcesses, raw);
    compare(fourProcesses, oneProcess);
    compare(await ledgerReadModifyWrites(server, storage('read_modify_write'), 32), await rawReadModifyWrites(server, 32));
  } finally {
    server.stop();
  }
}

/** CPU time this process and the server used while `work` ran, in µs (the server's undefined off Linux). */
async function cpuDuring<T>(server: PostgresServer, work: () => Promise<T>): Promise<{ value: T; ownMicros: number; serverMicros: number | undefined }> {
  const serverBefore = server.cpuMicros();
  const own = process.cpuUsage();
  const value = await work();
  const { user, system } = process.cpuUsage(own);
  const serverAfter = server.cpuMicros();
  return { value, ownMicros: user + system, serverMicros: serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore };
}

/** Prints the CPU one operation cost in the client process(es) and in the server. */
function cpuPerOperation(what: string, operations: number, clientMicros: number, serverMicros: number | undefined): void {
  const server = serverMicros === undefined ? 'n/a (no /proc)' : `${Math.round(serverMicros / operations)} µs`;
  figure(`  CPU per ${what}`, `${Math.round(clientMicros / operations)} µs in Node + ${server} in PostgreSQL`);
}

/** Raw pg: one INSERT of the same bytes per transaction (autocommit), one caller. */
async function rawSingleRowInserts(server: PostgresServer, bytes: Uint8Array): Promise<Measurement> {
  const client = new Client({ connectionString: server.url, options: '-c synchronous_commit=on' });
  await client.connect();
  await client.query('CREATE TABLE raw_document (id BIGSERIAL PRIMARY KEY, body BYTEA NOT NULL)');
  const body = Buffer.from(bytes);
  let inserts = 0;
  const insert = () => (inserts++, client.query('INSERT INTO raw_document (body) VALUES ($1)', [body]));
  await warmUp(1, insert);
  inserts = 0;
  const { value, ownMicros, serverMicros } = await cpuDuring(server, () => measure('raw pg single-row INSERT', insert, { seconds: SECONDS }));
  cpuPerOperation('raw INSERT', inserts, ownMicros, serverMicros);
  await client.end();
  return value;
}

async function ledgerInserts(server: PostgresServer, storage: PostgresStorageOptions, callers: number): Promise<Measurement> {
  const ledger = await Ledger.open({ name: 'bench', storage });
  await ledger.execute((tx) => tx.createTable('Account'));
  let n = 0;
  const insert = () => ledger.execute((tx) => tx.insert('Account', kilobyteDocument(n++)));
  const label = `ledger insert, ${callers} caller${callers > 1 ? 's' : ''}`;
  await warmUp(callers, insert);
  const before = ledger.commitStats;
  const warmedUp = n;
  const { value, ownMicros, serverMicros } = await cpuDuring(server, () => concurrently(label, callers, SECONDS, insert));
  const blocks = ledger.commitStats.blocks - before.blocks;
  const batches = ledger.commitStats.batches - before.batches;
  figure(`  blocks per database commit (${callers} callers)`, (blocks / batches).toFixed(1));
  cpuPerOperation(`commit (${callers} callers)`, n - warmedUp, ownMicros, serverMicros);
  await ledger.close();
  return value;
}

/** Accounts the read-modify-write figures pick from at random. */
const ACCOUNTS = 1_000;

/** Raw pg: BEGIN, SELECT … FOR UPDATE of a random account, UPDATE of it, COMMIT, from `clients` pooled connections. */
async function rawReadModifyWrites(server: PostgresServer, clients: number): Promise<Measurement> {
  const pool = new Pool({ connectionString: server.url, max: clients, options: '-c synchronous_commit=on' });
  await pool.query('CREATE TABLE raw_account (id INTEGER PRIMARY KEY, body BYTEA NOT NULL)');
  await pool.query('INSERT INTO raw_account SELECT i, $1 FROM generate_series(0, $2) AS i', [Buffer.from(toIon(kilobyteDocument(0), 'binary')), ACCOUNTS - 1]);
  let transactions = 0;
  const readModifyWrite = async () => {
    const client = await pool.connect();
    try {
      const id = Math.floor(Math.random() * ACCOUNTS);
      await client.query('BEGIN');
      const { rows } = await client.query<{ body: Buffer }>('SELECT body FROM raw_account WHERE id = $1 FOR UPDATE', [id]);
      await client.query('UPDATE raw_account SET body = $2 WHERE id = $1', [id, rows[0].body]);
      await client.query('COMMIT');
      transactions++;
    } finally {
      client.release();
    }
  };
  await warmUp(clients, readModifyWrite);
  transactions = 0;
  const { value, ownMicros, serverMicros } = await cpuDuring(server, () => concurrently(`raw pg read-modify-write, ${clients} clients`, clients, SECONDS, readModifyWrite));
  cpuPerOperation('raw read-modify-write', transactions, ownMicros, serverMicros);
  await pool.end();
  return value;
}

/** The ledger: get a random account and update it (OCC, retried on conflict), from `callers` concurrent callers. */
async function ledgerReadModifyWrites(server: PostgresServer, storage: PostgresStorageOptions, callers: number): Promise<Measurement> {
  const ledger = await Ledger.open({ name: 'bench', storage });
  await ledger.execute((tx) => tx.createTable('Account'));
  const ids = await Promise.all(Array.from({ length: ACCOUNTS }, (_, n) => ledger.execute((tx) => tx.insert('Account', kilobyteDocument(n)))));
  let commits = 0;
  const readModifyWrite = async () => {
    const id = ids[Math.floor(Math.random() * ids.length)];
    await ledger.execute(async (tx) => {
      const account = await tx.get('Account', id);
      await tx.update('Account', id, { ...account?.data, balance: commits });
    });
    commits++;
  };
  await warmUp(callers, readModifyWrite);
  commits = 0;
  const before = ledger.commitStats;
  const { value, ownMicros, serverMicros } = await cpuDuring(server, () => concurrently(`ledger read-modify-write, ${callers} callers`, callers, SECONDS, readModifyWrite));
  const blocks = ledger.commitStats.blocks - before.blocks;
  figure(`  blocks per database commit (read-modify-write)`, (blocks / (ledger.commitStats.batches - before.batches)).toFixed(1));
  cpuPerOperation('read-modify-write commit', commits, ownMicros, serverMicros);
  await ledger.close();
  return value;
}

/** `processes` writer processes (postgres-writer.child.js) of `callers` callers each, on one ledger, started together once all are ready. */
async function ledgerInsertsFromProcesses(server: PostgresServer, storage: PostgresStorageOptions, processes: number, callers: number): Promise<Measurement> {
  const ledger = await Ledger.open({ name: 'bench', storage });
  await ledger.execute((tx) => tx.createTable('Account'));
  await ledger.close();
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, [join(__dirname, 'postgres-writer.child.js'), JSON.stringify(storage), String(callers), String(SECONDS), String(WARM_UP_SECONDS)]),
  );
  const watched = children.map(watch);
  await Promise.all(watched.map((w) => w.ready));
  const serverBefore = server.cpuMicros();
  for (const child of children) child.stdin.end('go\n');
  const results = (await Promise.all(watched.map((w) => w.result))).map(
    (text) => JSON.parse(text) as { commits: number; seconds: number; blocks: number; batches: number; cpuMicros: number },
  );
  const serverAfter = server.cpuMicros();
  const total = (field: 'commits' | 'blocks' | 'batches' | 'cpuMicros') => results.reduce((sum, r) => sum + r[field], 0);
  const seconds = Math.max(...results.map((r) => r.seconds));
  figure(`  blocks per database commit (${processes} processes)`, (total('blocks') / total('batches')).toFixed(1));
  const serverMicros = serverBefore === undefined || serverAfter === undefined ? undefined : serverAfter - serverBefore;
  cpuPerOperation(`commit (${processes} processes)`, total('commits'), total('cpuMicros'), serverMicros);
  return { label: `ledger insert, ${processes} processes × ${callers} callers`, opsPerSecond: total('commits') / seconds, microsPerOp: (seconds * 1e6) / total('commits') };
}

/** A writer process: ready once it printed "ready"; its result is what it printed after, once it exited with success. */
function watch(child: ChildProcessWithoutNullStreams): { ready: Promise<void>; result: Promise<string> } {
  let text = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    if (text.startsWith('ready\n')) markReady();
  });
  const result = new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(text.slice('ready\n'.length)) : reject(new Error(`a writer process exited with ${code}`))));
  });
  return { ready: Promise.race([ready, result.then(() => undefined)]), result };
}

export const postgresSuite: BenchSuite = { name: 'postgres', run };
