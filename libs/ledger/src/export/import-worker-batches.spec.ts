// An Ion binary import on worker threads sends a worker at most WORKER_BATCH values, and no more
// once they reach WORKER_BATCH_BYTES, so that what is in flight does not grow with the revisions per
// block: an export of blocks of 300 documents of 1 KB (about 330 KB each) goes out in batches of at
// most four values (the fourth passes a megabyte), and the import gives the export's digest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { Ledger } from '../engine';
import { onBulkWorkerStarted } from '../engine/bulk/bulk-workers';
import { exportJournal, importJournal } from '.';
import { WORKER_BATCH, WORKER_BATCH_BYTES } from './journal-importer';

const directory = mkdtempSync(join(tmpdir(), 'ledger-import-batches-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const BLOCKS = 12;
const PER_BLOCK = 300;
const sqlite = (name: string) => ({ type: 'sqlite' as const, database: join(directory, name) });

/** Records the values of every batch of decodeImportedBlocks posted to `worker`, as their byte lengths. */
function recordBatches(worker: Worker, batches: number[][]): void {
  const post = worker.postMessage.bind(worker);
  worker.postMessage = (message: { task?: string; input?: { values?: Array<{ bytes: Uint8Array }> } }) => {
    if (message.task === 'decodeImportedBlocks') batches.push((message.input?.values ?? []).map((value) => value.bytes.length));
    post(message);
  };
}

it('sends a worker no more values once a batch reaches WORKER_BATCH_BYTES, and imports the same journal', async () => {
  const ledger = await Ledger.open({ name: 'large-blocks', storage: sqlite('source.ledger'), limits: { documentsPerTransaction: PER_BLOCK } });
  await ledger.execute((tx) => tx.createTable('Item'));
  for (let b = 0; b < BLOCKS; b++) {
    await ledger.execute((tx) => {
      for (let n = 0; n < PER_BLOCK; n++) tx.insert('Item', { b, n, note: 'x'.repeat(1_000) });
    });
  }
  const exported = join(directory, 'export');
  await exportJournal(ledger, exported, { format: 'ion-binary' });
  const digest = await ledger.getDigest();
  await ledger.close();

  const batches: number[][] = [];
  onBulkWorkerStarted((worker) => recordBatches(worker, batches));
  try {
    const result = await importJournal(exported, sqlite('imported.ledger'), { workers: 2 });
    expect(Buffer.from(result.digest.digest).equals(Buffer.from(digest.digest))).toBe(true);
  } finally {
    onBulkWorkerStarted(undefined);
  }
  expect(batches.flat()).toHaveLength(BLOCKS + 2); // the genesis block and the table's creation besides
  expect(Math.max(...batches.flat())).toBeGreaterThan(WORKER_BATCH_BYTES / 4);
  for (const batch of batches) {
    expect(batch.length).toBeLessThanOrEqual(WORKER_BATCH);
    expect(batch.slice(0, -1).reduce((sum, bytes) => sum + bytes, 0)).toBeLessThan(WORKER_BATCH_BYTES);
  }
  expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThan(BLOCKS);
});
