// Benchmarks of the ledger engine on an SQLite file at the default durability (WAL, synchronous
// FULL): 1 KB document inserts with 1 and 32 concurrent callers beside raw better-sqlite3 writing the
// same bytes in single-row transactions at the same setting; getRevision with its proof at 10k and
// 1M blocks; and verify() throughput.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Ledger, toIon, type BlockAddress, type IonStructObject } from 'nestjs-ledger';
import { compare, figure, measure, report, section, type Measurement } from '../bench-harness';
import type { BenchSuite } from './index';

const SCALE_DIR = join(process.cwd(), '.tmp', 'bench');

/** A 1 KB account document (about 1,000 bytes as Ion binary). */
export function kilobyteDocument(n: number): IonStructObject {
  const document: IonStructObject = { accountId: `ACC-${n}`, owner: 'Jane Q. Customer', balance: n, currency: 'EUR' };
  for (let i = 0; i < 16; i++) document[`attribute${i}`] = `value-${i}-${'x'.repeat(40)}`;
  return document;
}

async function run(): Promise<void> {
  section('Engine (SQLite file, WAL, synchronous FULL)');
  const directory = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  try {
    const bytes = toIon(kilobyteDocument(0), 'binary');
    figure('document size (Ion binary)', `${bytes.length} bytes`);
    const raw = await rawSingleRowInserts(join(directory, 'raw.sqlite'), bytes);
    for (const callers of [1, 32]) {
      compare(await ledgerInserts(join(directory, `ledger-${callers}.ledger`), callers), raw);
    }
    await proofLatencies();
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Raw better-sqlite3: one INSERT of the same bytes per transaction, WAL, synchronous FULL. */
async function rawSingleRowInserts(path: string, bytes: Uint8Array): Promise<Measurement> {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE doc (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO doc (body) VALUES (?)');
  const transaction = db.transaction((body: Uint8Array) => insert.run(body));
  const result = await measure('raw better-sqlite3 single-row txn', () => transaction(bytes), { seconds: 2 });
  db.close();
  return result;
}

async function ledgerInserts(path: string, callers: number): Promise<Measurement> {
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path } });
  await ledger.execute((tx) => tx.createTable('Account'));
  let n = 0;
  const result = await concurrently(`ledger insert, ${callers} caller${callers > 1 ? 's' : ''}`, callers, 3, () =>
    ledger.execute((tx) => tx.insert('Account', kilobyteDocument(n++))),
  );
  const { blocks, batches } = ledger.commitStats;
  figure(`  blocks per database commit (${callers} callers)`, (blocks / batches).toFixed(1));
  await ledger.close();
  return result;
}

/** Runs `operation` from `callers` concurrent loops for about `seconds`. */
export async function concurrently(label: string, callers: number, seconds: number, operation: () => Promise<unknown>): Promise<Measurement> {
  for (let i = 0; i < 20; i++) await operation();
  let count = 0;
  const deadline = process.hrtime.bigint() + BigInt(seconds * 1e9);
  const started = process.hrtime.bigint();
  const loop = async () => {
    while (process.hrtime.bigint() < deadline) {
      await operation();
      count++;
    }
  };
  await Promise.all(Array.from({ length: callers }, loop));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { label, opsPerSecond: count / elapsed, microsPerOp: (elapsed * 1e6) / count };
}

/** getRevision + proof at 10k and 1M blocks (the 1M-block ledger is built once and kept in .tmp/bench). */
async function proofLatencies(): Promise<void> {
  let small: Measurement | undefined;
  for (const blocks of [10_000, 1_000_000]) {
    const ledger = await scaleLedger(blocks);
    const { digestTipAddress } = await ledger.getDigest();
    const targets = await revisionTargets(ledger, 512);
    let i = 0;
    const m = await measure(`getRevision + proof, ${blocks.toLocaleString('en-US')} blocks`, async () => {
      const target = targets[i++ % targets.length];
      await ledger.getRevision(target.blockAddress, target.documentId, digestTipAddress);
    });
    if (small) compare(m, small);
    else report(m);
    small ??= m;
    if (blocks === 10_000) await verifyThroughput(ledger, blocks);
    await ledger.close();
  }
}

/** `count` documents of table Probe (the first committed), with the block of their revision. */
async function revisionTargets(ledger: Ledger, count: number): Promise<Array<{ documentId: string; blockAddress: BlockAddress }>> {
  const rows = (await ledger.query(`SELECT id FROM Probe BY id LIMIT ${count}`)) as Array<{ id: string }>;
  const targets = [];
  for (const { id } of rows) {
    const [revision] = await ledger.execute((tx) => tx.history('Probe', { documentId: id }));
    targets.push({ documentId: id, blockAddress: revision.blockAddress as BlockAddress });
  }
  return targets;
}

async function verifyThroughput(ledger: Ledger, blocks: number): Promise<void> {
  const started = process.hrtime.bigint();
  const result = await ledger.verify();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report({ label: `verify(), ${blocks.toLocaleString('en-US')} blocks${result.valid ? '' : ' (INVALID)'}`, opsPerSecond: blocks / seconds, microsPerOp: (seconds * 1e6) / blocks });
}

/** A ledger of `blocks` one-document blocks (table Probe), built with synchronous NORMAL and kept. */
async function scaleLedger(blocks: number): Promise<Ledger> {
  mkdirSync(SCALE_DIR, { recursive: true });
  const path = join(SCALE_DIR, `scale-${blocks}.ledger`);
  const fresh = !existsSync(path);
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: path, synchronous: 'NORMAL' } });
  const started = process.hrtime.bigint();
  if (fresh) await ledger.execute((tx) => tx.createTable('Probe'));
  let tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  while (tip < blocks) {
    const batch = Math.min(256, blocks - tip);
    await Promise.all(Array.from({ length: batch }, (_, i) => ledger.execute((tx) => tx.insert('Probe', { n: tip + i }))));
    tip += batch;
  }
  if (fresh) figure(`  built a ${blocks.toLocaleString('en-US')}-block ledger`, `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(0)} s`);
  return ledger;
}

export const engineSuite: BenchSuite = { name: 'engine', run };
