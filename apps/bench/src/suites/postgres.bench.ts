// Benchmarks of the ledger on PostgreSQL, on a throw-away server started for the run (fsync on,
// synchronous_commit on): 1 KB document inserts from 1 and 32 concurrent callers in one process and
// from 4 processes of 32 callers at once, beside raw pg single-row INSERTs of the same bytes (one
// transaction each) at the same setting.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { Ledger, toIon, type PostgresStorageOptions } from 'nestjs-ledger';
import { startPostgresServer } from '../../../../test/support/postgres-server';
import { compare, figure, measure, section, type Measurement } from '../bench-harness';
import { concurrently, kilobyteDocument } from './engine.bench';
import type { BenchSuite } from './index';

const SECONDS = 3;

async function run(): Promise<void> {
  section('PostgreSQL (throw-away local server, fsync on, synchronous_commit on)');
  const server = await startPostgresServer();
  try {
    const storage = (schema: string): PostgresStorageOptions => ({ type: 'postgres', url: server.url, schema, synchronousCommit: 'on' });
    const raw = await rawSingleRowInserts(server.url, toIon(kilobyteDocument(0), 'binary'));
    compare(await ledgerInserts(storage('one_caller'), 1), raw);
    const oneProcess = await ledgerInserts(storage('one_process'), 32);
    compare(oneProcess, raw);
    const fourProcesses = await ledgerInsertsFromProcesses(storage('four_processes'), 4, 32);
    compare(fourProcesses, raw);
    compare(fourProcesses, oneProcess);
  } finally {
    server.stop();
  }
}

/** Raw pg: one INSERT of the same bytes per transaction (autocommit), one caller. */
async function rawSingleRowInserts(url: string, bytes: Uint8Array): Promise<Measurement> {
  const client = new Client({ connectionString: url, options: '-c synchronous_commit=on' });
  await client.connect();
  await client.query('CREATE TABLE raw_document (id BIGSERIAL PRIMARY KEY, body BYTEA NOT NULL)');
  const body = Buffer.from(bytes);
  const result = await measure('raw pg single-row INSERT', () => client.query('INSERT INTO raw_document (body) VALUES ($1)', [body]), { seconds: SECONDS });
  await client.end();
  return result;
}

async function ledgerInserts(storage: PostgresStorageOptions, callers: number): Promise<Measurement> {
  const ledger = await Ledger.open({ name: 'bench', storage });
  await ledger.execute((tx) => tx.createTable('Account'));
  let n = 0;
  const result = await concurrently(`ledger insert, ${callers} caller${callers > 1 ? 's' : ''}`, callers, SECONDS, () =>
    ledger.execute((tx) => tx.insert('Account', kilobyteDocument(n++))),
  );
  const { blocks, batches } = ledger.commitStats;
  figure(`  blocks per database commit (${callers} callers)`, (blocks / batches).toFixed(1));
  await ledger.close();
  return result;
}

/** `processes` writer processes (postgres-writer.child.js) of `callers` callers each, on one ledger, started together once all are ready. */
async function ledgerInsertsFromProcesses(storage: PostgresStorageOptions, processes: number, callers: number): Promise<Measurement> {
  const ledger = await Ledger.open({ name: 'bench', storage });
  await ledger.execute((tx) => tx.createTable('Account'));
  await ledger.close();
  const children = Array.from({ length: processes }, () =>
    spawn(process.execPath, [join(__dirname, 'postgres-writer.child.js'), JSON.stringify(storage), String(callers), String(SECONDS)]),
  );
  const watched = children.map(watch);
  await Promise.all(watched.map((w) => w.ready));
  for (const child of children) child.stdin.end('go\n');
  const results = (await Promise.all(watched.map((w) => w.result))).map(
    (text) => JSON.parse(text) as { commits: number; seconds: number; blocks: number; batches: number },
  );
  const total = (field: 'commits' | 'blocks' | 'batches') => results.reduce((sum, r) => sum + r[field], 0);
  const seconds = Math.max(...results.map((r) => r.seconds));
  figure(`  blocks per database commit (${processes} processes)`, (total('blocks') / total('batches')).toFixed(1));
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
