// Exports a ledger's journal in QLDB's layout: the started manifest first, then whole blocks in
// sequence order, a page at a time (memory stays flat), into data files of bounded size named
// `<strandId>.<firstSeq>-<lastSeq>.<ion|json>` (each written under a temporary name and renamed
// once complete), and the completed manifest last. The journal exported is the one at the tip when
// the export started, limited to blocks whose time is in [fromTime, toTime). Decoding and encoding
// each block (engine/bulk/exported-block-encoding.ts) run in the calling thread or on the bulk
// workers, a page at a time with at most two pages in flight; the files are written here, in order.
// An export that fails (a worker that dies, a block that cannot be read) removes its unfinished
// data file and writes no completed manifest. The started manifest and each data file are synced
// before their renames, and the completed manifest is written only once the renames are durable,
// then synced itself: an export that returned survives a power loss, and one cut short by a crash
// has no completed manifest.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Ledger, type LedgerDigest } from '../engine';
import { syncDirectory, writeFileDurably } from '../storage';
import { bulkRunner, checkWorkerCount, defaultWorkerCount, encodeStoredBlocks, lastBlockOfPage, readBlockRows, splitEvenly, type BulkRunner, type EncodedBlock } from '../engine/internal';
import { IonFormatError } from '../ion';
import { ATTRIBUTE, SPAN, traced } from '../telemetry';
import { newJournalId } from '../journal';
import { completedManifestName, formatManifest, startedManifestName } from './export-manifest';
import { EXPORT_FORMATS, fileExtension, qldbFormatName, type ExportFormat } from './export-format';

export interface ExportOptions {
  /** Default 'ion-text'. */
  format?: ExportFormat;
  /** Only blocks at or after this time. */
  fromTime?: Date;
  /** Only blocks before this time. */
  toTime?: Date;
  /** A data file is closed once it reaches this many bytes (default 8 MiB); blocks are never split. */
  maxFileBytes?: number;
  /** Blocks read from the ledger at a time (default 200; fewer where they hold more than 2,000 revisions). */
  pageSize?: number;
  /**
   * Worker threads that decode and encode the blocks; 0 keeps that work in the calling thread.
   * Default: a worker per core from 3 cores on for a journal of 20,000 blocks or more, else 0.
   * At most 256; anything but an integer 0..256 is an InvalidArgumentError, before anything is written.
   */
  workers?: number;
  onProgress?: (progress: { sequenceNo: number; tipSequenceNo: number; blocksExported: number }) => void;
}

export interface ExportResult {
  exportId: string;
  strandId: string;
  /** The data files, in order. */
  keys: string[];
  blocksExported: number;
  firstSequenceNo?: number;
  lastSequenceNo?: number;
  /** The digest at the last exported block (what an import of a whole journal must reproduce). */
  digest?: LedgerDigest;
}

const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Writes the export into `directory` (created when missing; it must hold no other export). With access control: the `export` action, checked before anything is written. */
export async function exportJournal(ledger: Ledger, directory: string, options: ExportOptions = {}): Promise<ExportResult> {
  const format = checkFormat(options.format ?? 'ion-text');
  checkWorkerCount(options.workers);
  const attributes = () => ({ [ATTRIBUTE.ledgerName]: ledger.name, [ATTRIBUTE.exportFormat]: format });
  return traced(SPAN.export, attributes, async (span) => {
    const result = await ledger.access.covering('export', () => exportInto(ledger, directory, format, options));
    span.set({ [ATTRIBUTE.exportBlocks]: result.blocksExported });
    return result;
  });
}

async function exportInto(ledger: Ledger, directory: string, format: ExportFormat, options: ExportOptions): Promise<ExportResult> {
  prepareDirectory(directory);
  const { digestTipAddress } = await ledger.getDigest();
  const tip = digestTipAddress.sequenceNo;
  const exportId = newJournalId();
  const strandId = ledger.strandId;
  writeFileDurably(join(directory, startedManifestName(exportId)), formatManifest({
    ledgerName: ledger.name,
    exportId,
    inclusiveStartTime: options.fromTime ?? new Date(0),
    exclusiveEndTime: options.toTime ?? new Date(),
    bucket: 'local',
    prefix: '',
    objectEncryptionType: 'NO_ENCRYPTION',
    outputFormat: qldbFormatName(format),
  }));
  const writer = new DataFileWriter(directory, strandId, format, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
  const runner = bulkRunner(options.workers ?? defaultExportWorkers(tip + 1));
  try {
    await writePages(ledger, runner, writer, { ...options, format, tip });
  } catch (error) {
    writer.abandon();
    throw error;
  } finally {
    await runner.close();
  }
  writer.close();
  syncDirectory(directory); // the data files' renames, before the manifest that lists them
  writeFileDurably(join(directory, completedManifestName(exportId, strandId)), formatManifest({ keys: writer.keys }));
  const last = writer.lastSequenceNo;
  const digest = last === undefined ? undefined : (await ledger.getConsistencyProof({ strandId, sequenceNo: last }, digestTipAddress)).oldDigest;
  return {
    exportId,
    strandId,
    keys: writer.keys,
    blocksExported: writer.blocks,
    ...(writer.firstSequenceNo === undefined ? {} : { firstSequenceNo: writer.firstSequenceNo, lastSequenceNo: last }),
    ...(digest ? { digest } : {}),
  };
}

interface PageOptions extends ExportOptions {
  format: ExportFormat;
  tip: number;
}

/**
 * Reads the journal 0..tip a page at a time, the next page read and encoded while the one before
 * is written, and writes the blocks in the time range; stops after a page that reaches toTime.
 */
async function writePages(ledger: Ledger, runner: BulkRunner, writer: DataFileWriter, options: PageOptions): Promise<void> {
  const pageSize = options.pageSize ?? 200;
  const encode = (first: number) => {
    const page = encodePage(ledger, runner, first, pageSize, options);
    page.catch(() => undefined); // awaited in turn; it may fail while the page before is being written
    return page;
  };
  let next: Promise<EncodedPage> | undefined = encode(0);
  try {
    while (next) {
      const { last, blocks: page }: EncodedPage = await next;
      const reachedEnd: boolean = options.toTime !== undefined && page.some((block) => 'time' in block && block.time >= (options.toTime as Date).getTime());
      next = last < options.tip && !reachedEnd ? encode(last + 1) : undefined;
      for (const block of page) writer.write(block);
      options.onProgress?.({ sequenceNo: page[page.length - 1]?.sequenceNo ?? options.tip, tipSequenceNo: options.tip, blocksExported: writer.blocks });
    }
  } finally {
    await next?.catch(() => undefined);
  }
}

/** A page of the journal encoded, and the last block it read. */
interface EncodedPage {
  last: number;
  blocks: EncodedBlock[];
}

/** The page that starts at block `first` (at most `blocks` blocks: lastBlockOfPage) read from the ledger and encoded: in this thread, or split among the runner's workers. */
async function encodePage(ledger: Ledger, runner: BulkRunner, first: number, blocks: number, options: PageOptions): Promise<EncodedPage> {
  const [last, rows] = await ledger.readDatabase(async (query) => {
    const end = await lastBlockOfPage(query, first, blocks, options.tip);
    return [end, await readBlockRows(query, first, end)] as const;
  });
  const page = { encoding: options.format, fromTime: options.fromTime?.getTime(), toTime: options.toTime?.getTime() };
  if (runner.parallelism === 0) return { last, blocks: encodeStoredBlocks({ ...page, blocks: rows }) };
  const parts = await Promise.all(splitEvenly(rows, runner.parallelism).map((part) => runner.run('encodeStoredBlocks', { ...page, blocks: part })));
  return { last, blocks: parts.flat() };
}

/**
 * Workers pay from about this many blocks on, as for verify(): in a fresh process their start and
 * warm-up cost about 1 s of CPU, and 3,000 blocks exported 2x slower on them.
 */
const WORKERS_FROM_BLOCKS = 20_000;

/** The export's default: the calling thread for a small journal or below 3 cores, else a worker per core. */
function defaultExportWorkers(blocks: number): number {
  return blocks < WORKERS_FROM_BLOCKS ? 0 : defaultWorkerCount();
}

/** Appends blocks to the current data file, closing it (renamed to its final name) when full. */
class DataFileWriter {
  readonly keys: string[] = [];
  blocks = 0;
  firstSequenceNo: number | undefined;
  lastSequenceNo: number | undefined;
  private file: { fd: number; temp: string; first: number; last: number; bytes: number } | undefined;

  constructor(
    private readonly directory: string,
    private readonly strandId: string,
    private readonly format: ExportFormat,
    private readonly maxFileBytes: number,
  ) {}

  /** Appends the block when it is in the time range (it has bytes); a block that cannot be read fails the export. */
  write(block: EncodedBlock): void {
    if ('unreadable' in block) throw new IonFormatError(`block ${block.sequenceNo} cannot be exported: ${block.unreadable}`, block.sequenceNo);
    if (!block.bytes) return;
    const { sequenceNo, bytes } = block;
    if (!this.file) {
      const temp = join(this.directory, `.${this.strandId}.${sequenceNo}.partial`);
      this.file = { fd: openSync(temp, 'w'), temp, first: sequenceNo, last: sequenceNo, bytes: 0 };
    }
    writeSync(this.file.fd, bytes);
    this.file.bytes += bytes.length;
    this.file.last = sequenceNo;
    this.firstSequenceNo ??= sequenceNo;
    this.lastSequenceNo = sequenceNo;
    this.blocks++;
    if (this.file.bytes >= this.maxFileBytes) this.close();
  }

  /** Removes the unfinished data file, if any (the export failed). */
  abandon(): void {
    if (!this.file) return;
    closeSync(this.file.fd);
    rmSync(this.file.temp, { force: true });
    this.file = undefined;
  }

  /** Closes the current data file under its final name. */
  close(): void {
    if (!this.file) return;
    const { fd, temp, first, last } = this.file;
    fsyncSync(fd);
    closeSync(fd);
    const key = `${this.strandId}.${first}-${last}.${fileExtension(this.format)}`;
    renameSync(temp, join(this.directory, key));
    this.keys.push(key);
    this.file = undefined;
  }
}

function checkFormat(format: ExportFormat): ExportFormat {
  if (!EXPORT_FORMATS.includes(format)) throw new InvalidArgumentError(`the export format must be one of ${EXPORT_FORMATS.join(', ')}`, format);
  return format;
}

function prepareDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true });
  const manifests = readdirSync(directory).filter((name) => name.endsWith('.manifest'));
  if (manifests.length) throw new InvalidArgumentError(`${directory} already holds an export (${manifests[0]}); export into an empty directory`, directory);
}
