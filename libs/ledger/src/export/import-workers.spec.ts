// An import of Ion binary data files on worker threads gives exactly what it gives in the calling
// thread: the same ledger (blocks, revisions, documents, digest) from an intact export, and the same
// refusal (message, file, block) from exports with one bit flipped at positions spread over a data
// file, or cut short; a worker that dies mid-way fails the import with a BulkWorkerFailedError and
// leaves nothing behind.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Ledger } from '../engine';
import { onBulkWorkerStarted } from '../engine/bulk/bulk-workers';
import { exportJournal, importJournal } from '.';

const directory = mkdtempSync(join(tmpdir(), 'ledger-import-workers-'));
let n = 0;
const fresh = (name: string) => join(directory, `${name}-${n++}`);
const sqlite = (database: string) => ({ type: 'sqlite' as const, database });

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** An Ion binary export of 200 blocks (updates, deletes, events) in data files of about 40 KB. */
async function binaryExport(): Promise<string> {
  const ledger = await Ledger.open({ name: 'orders', storage: sqlite(fresh('source.ledger')) });
  await ledger.execute((tx) => tx.createTable('Orders'));
  const ids: string[] = [];
  for (let i = 0; i < 196; i += 14) {
    ids.push(...(await Promise.all(Array.from({ length: 14 }, (_, j) => ledger.execute((tx) => tx.insert('Orders', { customer: `c${(i + j) % 5}`, total: (i + j) * 1.25, note: 'x'.repeat(120) }))))));
  }
  await ledger.execute((tx) => tx.update('Orders', ids[3], { customer: 'c9', total: 0 }));
  await ledger.execute(async (tx) => {
    await tx.delete('Orders', ids[4]);
    tx.appendEvents([{ type: 'Reconciled', at: 4 }]);
  });
  const exported = fresh('export');
  await exportJournal(ledger, exported, { format: 'ion-binary', maxFileBytes: 40_000 });
  await ledger.close();
  return exported;
}

/** The import's outcome: the imported rows and digest, or the refusal's class, message and place. */
async function outcome(from: string, workers: number): Promise<unknown> {
  const target = fresh('imported.ledger');
  try {
    const result = await importJournal(from, sqlite(target), { workers, pageSize: 50 });
    const db = new Database(target, { readonly: true });
    const rows = ['journal_block', 'journal_revision', 'journal_tree_node', 'ledger_document', 'ledger_index_entry'].map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
    db.close();
    return { digest: result.digest, blocksImported: result.blocksImported, rows };
  } catch (error) {
    const { name, message, place } = error as { name: string; message: string; place?: unknown };
    return { name, message, place, left: readdirSync(directory).filter((file) => file.startsWith(target.split('/').pop() as string)) };
  }
}

/**
 * `$ion_symbol_table::{}` in an annotation wrapper one byte longer than its content (it looks like a
 * system value and reads as none), then a byte no Ion binary value starts with.
 */
const MALFORMED_SYMBOL_TABLE = Buffer.from([0xe4, 0x81, 0x83, 0xd0, 0x00, 0xf0]);

/** A copy of the export with `change` applied to the bytes of its data file `key`. */
function changed(exported: string, key: string, change: (bytes: Buffer) => Buffer): string {
  const copy = fresh('changed');
  mkdirSync(copy);
  for (const file of readdirSync(exported)) copyFileSync(join(exported, file), join(copy, file));
  writeFileSync(join(copy, key), change(readFileSync(join(exported, key))));
  return copy;
}

describe('importJournal on worker threads', () => {
  let exported: string;
  let dataFiles: string[];

  beforeAll(async () => {
    exported = await binaryExport();
    dataFiles = readdirSync(exported).filter((file) => file.endsWith('.ion'));
  });

  it('imports an intact export into the same rows and digest', async () => {
    expect(dataFiles.length).toBeGreaterThan(2);
    const onWorkers = await outcome(exported, 2);
    expect(onWorkers).toEqual(await outcome(exported, 0));
    expect(onWorkers).toMatchObject({ blocksImported: 200 });
  });

  it('refuses each flipped bit and each cut exactly as the calling thread does', async () => {
    const key = dataFiles[1];
    const size = readFileSync(join(exported, key)).length;
    const differences: string[] = [];
    const variants = [
      ...Array.from({ length: 24 }, (_, i) => ({ label: `bit at ${Math.floor((size * i) / 24) + 7}`, change: (b: Buffer) => flip(b, Math.floor((size * i) / 24) + 7) })),
      { label: 'cut in half', change: (b: Buffer) => b.subarray(0, Math.floor(size / 2)) },
      { label: 'last byte cut', change: (b: Buffer) => b.subarray(0, size - 1) },
      { label: 'a malformed symbol table, then no value, after the version marker', change: (b: Buffer) => Buffer.concat([b.subarray(0, 4), MALFORMED_SYMBOL_TABLE, b.subarray(4)]) },
    ];
    for (const { label, change } of variants) {
      const copy = changed(exported, key, change);
      const [inThread, onWorkers] = [await outcome(copy, 0), await outcome(copy, 2)];
      if (JSON.stringify(onWorkers) !== JSON.stringify(inThread)) differences.push(`${label}: ${JSON.stringify(onWorkers).slice(0, 300)} vs ${JSON.stringify(inThread).slice(0, 300)}`);
      expect(inThread).toMatchObject({ name: 'ImportRefusedError', left: [] });
    }
    expect(differences).toEqual([]);
  });

  it('fails with a BulkWorkerFailedError when a worker dies after its first answer, leaving no ledger', async () => {
    onBulkWorkerStarted((worker) => worker.once('message', () => void worker.terminate()));
    try {
      expect(await outcome(exported, 3)).toMatchObject({ name: 'BulkWorkerFailedError', left: [] }); // 3: a pool of its own, started now
    } finally {
      onBulkWorkerStarted(undefined);
    }
  });
});

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0x10;
  return copy;
}
