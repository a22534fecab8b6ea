// An export whose blocks are decoded and encoded on worker threads writes exactly what the calling
// thread writes: every data file and both manifests byte for byte (the export id aside), in all
// three formats, for the whole journal and for a time range; a block whose stored header is damaged
// fails both with the same IonFormatError naming it; workers that die mid-export fail it with a
// BulkWorkerFailedError, leaving the complete data files written before, no unfinished one and no
// completed manifest, and the next export starts new workers. On SQLite and on PostgreSQL.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BulkWorkerFailedError, InvalidArgumentError, type Ledger } from '../engine';
import { onBulkWorkerStarted } from '../engine/bulk/bulk-workers';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { testStorage } from '../engine/test-storage.fixture';
import { Decimal, IonFormatError, IonSymbol, Timestamp, type IonStructObject } from '../ion';
import { EXPORT_FORMATS, exportJournal, importJournal, type ExportFormat, type ExportOptions } from '.';

const directory = mkdtempSync(join(tmpdir(), 'ledger-export-workers-'));
let n = 0;
const fresh = (name: string) => join(directory, `${name}-${n++}`);
/** The end of every whole-journal export's range, so that its started manifest does not hold the time it ran. */
const END = new Date('2999-01-01T00:00:00Z');

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await removeTempLedgers();
});

/** A ledger of 104 blocks: DDL, an index, documents of many Ion types, updates, a delete and events. */
async function sourceLedger(): Promise<Ledger> {
  const ledger = await openTestLedger(tempLedgerPath('export-workers'));
  await ledger.query('CREATE TABLE Orders');
  await ledger.query('CREATE INDEX ON Orders (customer)');
  const ids: string[] = [];
  for (let i = 0; i < 96; i += 12) {
    const inserts = Array.from({ length: 12 }, (_, j) => ledger.execute((tx) => tx.insert('Orders', order(i + j))));
    ids.push(...(await Promise.all(inserts)));
  }
  await ledger.execute((tx) => tx.update('Orders', ids[3], { customer: 'c9', total: new Decimal('0.00') }));
  await ledger.execute(async (tx) => {
    await tx.delete('Orders', ids[4]);
    tx.appendEvents([{ type: 'Reconciled', at: 4 }]);
  });
  for (let i = 0; i < 4; i++) await ledger.execute((tx) => tx.appendEvents([{ type: 'Audited', round: i, note: 'ü€𝄞' }]));
  return ledger;
}

function order(i: number): IonStructObject {
  return {
    customer: `c${i % 5}`,
    status: new IonSymbol(i % 2 ? 'open' : 'paid'),
    total: new Decimal(`${i}.25`),
    placed: Timestamp.parse(`2026-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.${i}Z`),
    lines: [{ sku: `s-${i}`, quantity: i % 3, price: i * 1.5 }],
    flags: new Uint8Array([i, 255 - i]),
    note: i % 2 ? null : 'x'.repeat(40 + i),
  } as unknown as IonStructObject;
}

/** Every file of an export by name, the export id replaced by EXPORT in names and manifests. */
async function exportFiles(ledger: Ledger, workers: number, options: ExportOptions): Promise<Map<string, Buffer>> {
  const into = fresh('export');
  const { exportId } = await exportJournal(ledger, into, { pageSize: 16, maxFileBytes: 6_000, ...options, workers });
  return filesOf(into, exportId);
}

function filesOf(into: string, exportId: string): Map<string, Buffer> {
  const files = readdirSync(into).sort().map((name): [string, Buffer] => {
    const bytes = readFileSync(join(into, name));
    const named = name.replaceAll(exportId, 'EXPORT');
    return [named, name.endsWith('.manifest') ? Buffer.from(bytes.toString('utf8').replaceAll(exportId, 'EXPORT')) : bytes];
  });
  return new Map(files);
}

/** The names of the files that differ (or are only in one) between two exports. */
function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = [...new Set([...a.keys(), ...b.keys()])];
  return names.filter((name) => !a.get(name) || !b.get(name) || !(a.get(name) as Buffer).equals(b.get(name) as Buffer));
}

describe('exportJournal on worker threads', () => {
  let ledger: Ledger;

  beforeAll(async () => {
    ledger = await sourceLedger();
  });

  afterAll(() => ledger.close());

  it.each(EXPORT_FORMATS)('writes the same %s data files and manifests, byte for byte, as the calling thread', async (format: ExportFormat) => {
    const inThread = await exportFiles(ledger, 0, { format, toTime: END });
    const onWorkers = await exportFiles(ledger, 2, { format, toTime: END });
    expect(differences(onWorkers, inThread)).toEqual([]);
    expect([...inThread.keys()].filter((name) => !name.endsWith('.manifest')).length).toBeGreaterThan(4);
  });

  it('writes the same files for a time range that starts and ends mid-page', async () => {
    const blocks = await ledger.readBlocks(0, 200, { revisions: false });
    const time = (sequenceNo: number) => {
      const stamp = blocks[sequenceNo].blockTimestamp;
      return stamp instanceof Date ? stamp : stamp.getDate();
    };
    const range = { fromTime: time(21), toTime: time(blocks.length - 30) };
    for (const format of EXPORT_FORMATS) {
      const inThread = await exportFiles(ledger, 0, { format, ...range });
      expect(differences(await exportFiles(ledger, 2, { format, ...range }), inThread)).toEqual([]);
      expect(inThread.size).toBeGreaterThan(2);
    }
  });

  it('fails with a BulkWorkerFailedError when the workers die at their second answer (the second page), leaving only complete data files; the next export starts anew', async () => {
    const complete = await exportFiles(ledger, 0, { format: 'ion-binary', toTime: END });
    const into = fresh('killed');
    onBulkWorkerStarted((worker) => {
      let answers = 0;
      worker.on('message', () => ++answers === 2 && void worker.terminate());
    });
    try {
      const options = { format: 'ion-binary' as const, toTime: END, pageSize: 16, maxFileBytes: 6_000, workers: 3 }; // 3: a pool of its own, started now
      await expect(exportJournal(ledger, into, options)).rejects.toThrow(BulkWorkerFailedError);
    } finally {
      onBulkWorkerStarted(undefined);
    }
    const left = readdirSync(into);
    expect(left.filter((name) => name.endsWith('.completed.manifest') || name.endsWith('.partial'))).toEqual([]);
    const dataFiles = left.filter((file) => file.endsWith('.ion'));
    expect(dataFiles.length).toBeGreaterThan(0); // the first page, answered before any worker died, was written
    for (const name of dataFiles) expect(readFileSync(join(into, name)).equals(complete.get(name) as Buffer)).toBe(true);
    expect(differences(await exportFiles(ledger, 3, { format: 'ion-binary', toTime: END }), complete)).toEqual([]);
  });
});

describe('exportJournal of a damaged block', () => {
  it('fails in the calling thread and on workers with the same IonFormatError naming the block, leaving no unfinished data file', async () => {
    const location = tempLedgerPath('damaged');
    const ledger = await openTestLedger(location);
    await ledger.query('CREATE TABLE Orders');
    for (let i = 0; i < 40; i++) await ledger.query('INSERT INTO Orders ?', order(i));
    const raw = await testStorage.raw(location);
    try {
      await raw.allowChanges('journal_block');
      await raw.query('UPDATE journal_block SET header = ? WHERE sequence_no = 30', [Buffer.from([0xe0, 0x01, 0x00, 0xea, 0xee, 0x81])]);
    } finally {
      await raw.close();
    }
    const failures = [];
    for (const workers of [0, 2]) {
      const into = fresh('damaged');
      const error = await exportJournal(ledger, into, { pageSize: 8, maxFileBytes: 2_000, workers }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IonFormatError);
      expect(readdirSync(into).filter((name) => name.endsWith('.completed.manifest') || name.endsWith('.partial'))).toEqual([]);
      failures.push((error as Error).message);
    }
    expect(failures[0]).toMatch(/^block 30 cannot be exported: /);
    expect(failures[1]).toBe(failures[0]);
    await ledger.close();
  });
});

describe('a workers option that is not an integer from 0 to 256', () => {
  it('is refused by verify(), exportJournal and importJournal with an InvalidArgumentError naming it, before anything is written', async () => {
    const ledger = await openTestLedger(tempLedgerPath('bad-workers'));
    await ledger.query('CREATE TABLE Orders');
    const source = fresh('bad-workers-source');
    await exportJournal(ledger, source, { workers: 0 });
    for (const workers of [-1, 1.5, 257, Number.NaN, '2' as unknown as number]) {
      const named = new RegExp(`workers must be an integer from 0 to 256, not ${String(workers)}`);
      await expect(ledger.verify({ workers })).rejects.toThrow(named);
      const into = fresh('bad-workers-export');
      await expect(exportJournal(ledger, into, { workers })).rejects.toThrow(InvalidArgumentError);
      expect(existsSync(into)).toBe(false);
      const target = tempLedgerPath('bad-workers-import');
      await expect(importJournal(source, storageAt(target), { workers })).rejects.toThrow(named);
      if (testStorage.type === 'sqlite') expect(existsSync(target)).toBe(false);
    }
    await ledger.close();
  });
});
