// Exports a ledger's journal in QLDB's layout: the started manifest first, then whole blocks in
// sequence order, a page at a time (memory stays flat), into data files of bounded size named
// `<strandId>.<firstSeq>-<lastSeq>.<ion|json>` (each written under a temporary name and renamed
// once complete), and the completed manifest last. The journal exported is the one at the tip when
// the export started, limited to blocks whose time is in [fromTime, toTime).
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Ledger, type LedgerDigest } from '../engine';
import { newJournalId, type Block } from '../journal';
import { completedManifestName, formatManifest, startedManifestName } from './export-manifest';
import { encodeBlock, EXPORT_FORMATS, fileExtension, qldbFormatName, type ExportFormat } from './export-format';

export interface ExportOptions {
  /** Default 'ion-text'. */
  format?: ExportFormat;
  /** Only blocks at or after this time. */
  fromTime?: Date;
  /** Only blocks before this time. */
  toTime?: Date;
  /** A data file is closed once it reaches this many bytes (default 8 MiB); blocks are never split. */
  maxFileBytes?: number;
  /** Blocks read from the ledger at a time (default 200). */
  pageSize?: number;
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
  return ledger.access.covering('export', () => exportInto(ledger, directory, format, options));
}

async function exportInto(ledger: Ledger, directory: string, format: ExportFormat, options: ExportOptions): Promise<ExportResult> {
  prepareDirectory(directory);
  const { digestTipAddress } = await ledger.getDigest();
  const tip = digestTipAddress.sequenceNo;
  const exportId = newJournalId();
  const strandId = ledger.strandId;
  writeFileSync(join(directory, startedManifestName(exportId)), formatManifest({
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
  const pageSize = options.pageSize ?? 200;
  let last: number | undefined;
  for (let first = 0; first <= tip; first += pageSize) {
    const page = await ledger.readBlocks(first, Math.min(tip, first + pageSize - 1));
    const inRange = page.filter((block) => withinTimes(block, options));
    for (const block of inRange) writer.write(block);
    if (inRange.length) last = inRange[inRange.length - 1].blockAddress.sequenceNo;
    options.onProgress?.({ sequenceNo: page[page.length - 1]?.blockAddress.sequenceNo ?? tip, tipSequenceNo: tip, blocksExported: writer.blocks });
    if (options.toTime && page.some((block) => timeOf(block) >= (options.toTime as Date).getTime())) break;
  }
  writer.close();
  writeFileSync(join(directory, completedManifestName(exportId, strandId)), formatManifest({ keys: writer.keys }));
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

/** Appends blocks to the current data file, closing it (renamed to its final name) when full. */
class DataFileWriter {
  readonly keys: string[] = [];
  blocks = 0;
  firstSequenceNo: number | undefined;
  private file: { fd: number; temp: string; first: number; last: number; bytes: number } | undefined;

  constructor(
    private readonly directory: string,
    private readonly strandId: string,
    private readonly format: ExportFormat,
    private readonly maxFileBytes: number,
  ) {}

  write(block: Block): void {
    const sequenceNo = block.blockAddress.sequenceNo;
    const bytes = encodeBlock(block, this.format);
    if (!this.file) {
      const temp = join(this.directory, `.${this.strandId}.${sequenceNo}.partial`);
      this.file = { fd: openSync(temp, 'w'), temp, first: sequenceNo, last: sequenceNo, bytes: 0 };
    }
    writeSync(this.file.fd, bytes);
    this.file.bytes += bytes.length;
    this.file.last = sequenceNo;
    this.firstSequenceNo ??= sequenceNo;
    this.blocks++;
    if (this.file.bytes >= this.maxFileBytes) this.close();
  }

  /** Closes the current data file under its final name. */
  close(): void {
    if (!this.file) return;
    const { fd, temp, first, last } = this.file;
    closeSync(fd);
    const key = `${this.strandId}.${first}-${last}.${fileExtension(this.format)}`;
    renameSync(temp, join(this.directory, key));
    this.keys.push(key);
    this.file = undefined;
  }
}

function withinTimes(block: Block, options: ExportOptions): boolean {
  const time = timeOf(block);
  return (!options.fromTime || time >= options.fromTime.getTime()) && (!options.toTime || time < options.toTime.getTime());
}

function timeOf(block: Block): number {
  const time = block.blockTimestamp;
  return (time instanceof Date ? time : time.getDate()).getTime();
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
