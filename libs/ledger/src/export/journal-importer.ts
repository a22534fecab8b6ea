// Imports an export in QLDB's layout (ours, or QLDB's own ION_TEXT / ION_BINARY export) into a new
// ledger: reads the manifests, then every data file in order, verifying each block and the chain
// as it reads, block by block in bounded memory (a block that does not verify, a gap, a block outside its file's range or a
// truncated file is refused, naming the file and the block), and writes the blocks, their
// revisions, the ledger tree, the current documents, the catalog of tables that have no catalog
// revisions (derived from transactionInfo: see engine/imported-tables.ts) and the index entries.
// Nothing is visible until the end: on SQLite the ledger is built in a temporary file (written once,
// without a log) renamed into place; on PostgreSQL everything is written in one transaction. With `append`, the export
// continues an existing ledger of the same strand in place, in one transaction (a migration that
// keeps importing QLDB's newest blocks until the cutover). The strand id, blocks and hashes
// are kept as they are, so the digest at every tip equals the source's and new commits chain on.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { TreeFrontier, type TreeNode } from '../crypto';
import { fromIon, readIonStream, type IonStructObject } from '../ion';
import { ChainVerifier, type Block, type ChainedBlock } from '../journal';
import { isHash } from '../journal/bytes';
import {
  describeStorage,
  buildingNameFor,
  insertBlocks,
  insertRevisions,
  insertStrand,
  insertTreeNodes,
  openStorage,
  openStorageToBuild,
  newSqliteFileProblem,
  placeBuiltFile,
  removeBuilding,
  selectBlocks,
  selectStrand,
  selectTableDocuments,
  upsertDocuments,
  type BlockRow,
  type DocumentRow,
  type RevisionRow,
  type SqlQuery,
  type StorageBuild,
  type StorageOptions,
  type StrandRow,
} from '../storage';
import { ATTRIBUTE, SPAN, traced, type TelemetrySpan } from '../telemetry';
import { BulkWorkerFailedError, InvalidArgumentError, Ledger, type AccessControlOptions, type LedgerDigest } from '../engine';
import {
  backfillIndex,
  bulkRunner,
  CATALOG_TABLE_ID,
  checkWorkerCount,
  concatBytes,
  declaredIndexes,
  defaultWorkerCount,
  documentToDefinition,
  ImportedTables,
  importedBlock,
  LedgerState,
  type BlockRows,
  type BulkRunner,
  type EncodedBlockBatch,
  type ImportedBlock,
  type ImportedBlockFacts,
} from '../engine/internal';
import { readBinaryItems, readDataFile, type BinaryItemKind } from './data-file-reader';
import { formatOfQldbName, type ExportFormat } from './export-format';
import { readExportLayout, type ExportLayout } from './export-manifest';
import { ImportRefusedError } from './import-refused.error';

export interface ImportOptions {
  /** The new ledger's name (default: the started manifest's ledgerName). */
  ledgerName?: string;
  /**
   * Continue an existing ledger of the same strand (an earlier import) with the export's blocks after
   * its tip, in place and in one transaction; the blocks up to its tip must be the ledger's own.
   */
  append?: boolean;
  /**
   * A digest kept elsewhere (e.g. QLDB's GetDigest output, see parseQldbDigest): the import is
   * refused, and nothing kept, unless the imported journal's digest at `sequenceNo` equals it.
   */
  trustedDigest?: TrustedImportDigest;
  /**
   * Indexes to create on the imported tables, each `Table.field` (`Table.a.b` for a nested path):
   * QLDB's export carries none. They are not journaled (see engine/imported-tables.ts); not with `append`.
   */
  indexes?: string[];
  /**
   * With `append`: the access control of the ledger appended to (as it is opened with); the running
   * code's principal (runAsPrincipal) must then hold `import` under the ledger's journaled grants,
   * checked before the export is read. A new ledger has no grants to check against.
   */
  accessControl?: AccessControlOptions;
  /** Blocks written per batch (default 500). */
  pageSize?: number;
  /**
   * Worker threads that decode, verify and encode the blocks of Ion binary data files while this
   * thread chains and writes them; 0: all in this thread. Default: one per core from 24 MiB of data
   * files on where there are 3 cores or more (docs/performance.md), else 0. At most 256; anything
   * but an integer 0..256 is an InvalidArgumentError, before anything is written.
   */
  workers?: number;
  onProgress?: (progress: { blocksImported: number; file: string }) => void;
}

/** A digest obtained elsewhere and the tip block it was taken at (and, optionally, its strand). */
export interface TrustedImportDigest {
  digest: Uint8Array;
  sequenceNo: number;
  strandId?: string;
}

export interface ImportResult {
  ledgerName: string;
  strandId: string;
  /** Blocks written (with `append`, those after the ledger's former tip). */
  blocksImported: number;
  /** The ledger's digest at its tip: the source's digest at the last exported block. */
  digest: LedgerDigest;
}

/**
 * Imports the export in `directory` into a new ledger at `storage` (a missing SQLite file, or a
 * PostgreSQL schema holding no ledger), or with `append` onto the existing ledger there.
 */
export async function importJournal(directory: string, storage: StorageOptions, options: ImportOptions = {}): Promise<ImportResult> {
  return traced(SPAN.import, () => ({ [ATTRIBUTE.importAppend]: options.append === true }), async (span) => {
    const result = await importInto(directory, storage, options, span);
    span.set({ [ATTRIBUTE.ledgerName]: result.ledgerName, [ATTRIBUTE.importBlocks]: result.blocksImported });
    return result;
  });
}

async function importInto(directory: string, storage: StorageOptions, options: ImportOptions, span: TelemetrySpan): Promise<ImportResult> {
  checkTrustedDigest(options.trustedDigest);
  checkWorkerCount(options.workers);
  if (options.append && options.indexes?.length) {
    throw new InvalidArgumentError('indexes are declared at the first import; on the imported ledger, create them with CREATE INDEX', options.indexes);
  }
  if (options.append && options.accessControl) await authorizeImport(storage, options.accessControl);
  const layout = readExportLayout(directory, (path) => readFileSync(path, 'utf8'));
  const format = formatOfQldbName(layout.started.outputFormat);
  if (!format) throw new ImportRefusedError(`the export's outputFormat ${String(layout.started.outputFormat)} is not ION_TEXT, ION_BINARY or JSON`);
  span.set({ [ATTRIBUTE.importFormat]: format });
  const ledgerName = options.ledgerName ?? (typeof layout.started.ledgerName === 'string' ? layout.started.ledgerName : 'ledger');
  const target = options.append ? inPlace(storage) : prepareTarget(storage);
  let opened: StorageBuild | undefined;
  let blocksImported: number;
  const runner = bulkRunner(format === 'ion-binary' ? (options.workers ?? defaultImportWorkers(layout)) : 0);
  try {
    opened = await target.open();
    const journal = new ImportedJournal(layout, format, options, runner);
    blocksImported = await opened.storage.write(
      (query) => journal.write(query, ledgerName, describeStorage(storage)),
      () => ({ tipSequenceNo: journal.tipSequenceNo }),
    );
    await opened.finish();
    target.commit();
  } catch (error) {
    await opened?.storage.close().catch(() => undefined); // the import's own error is the one to report
    target.abort();
    throw error;
  } finally {
    await runner.close();
  }
  const ledger = await Ledger.openExisting({ storage });
  try {
    return { ledgerName, strandId: ledger.strandId, blocksImported, digest: await ledger.getDigest() };
  } finally {
    await ledger.close();
  }
}

/** AccessDeniedError unless the running code's principal may import onto the ledger at `storage`. */
async function authorizeImport(storage: StorageOptions, accessControl: AccessControlOptions): Promise<void> {
  const ledger = await Ledger.openExisting({ storage, accessControl, readOnly: true });
  try {
    await ledger.access.authorizeLedger('import');
  } finally {
    await ledger.close();
  }
}

/** Workers pay from about this many bytes of data files (some 20,000 blocks of 1 KB documents; as verify(), for their start). */
const WORKERS_FROM_BYTES = 24 << 20;

/** The import's default: this thread for a small export or below 3 cores, else a worker per core. */
function defaultImportWorkers(layout: ExportLayout): number {
  const bytes = layout.files.reduce((sum, file) => sum + (existsSync(file.path) ? statSync(file.path).size : 0), 0);
  return bytes < WORKERS_FROM_BYTES ? 0 : defaultWorkerCount();
}

function checkTrustedDigest(trusted: TrustedImportDigest | undefined): void {
  if (trusted === undefined) return;
  if (!(trusted.digest instanceof Uint8Array) || trusted.digest.length !== 32) {
    throw new InvalidArgumentError('trustedDigest.digest must be a 32-byte hash', trusted.digest);
  }
  if (!Number.isSafeInteger(trusted.sequenceNo) || trusted.sequenceNo < 0) {
    throw new InvalidArgumentError(`trustedDigest.sequenceNo must be a block's sequenceNo, not ${String(trusted.sequenceNo)}`, trusted.sequenceNo);
  }
}

/** Where the import writes, and how it is made visible (or removed) at the end. */
interface ImportTarget {
  /** The storage written, and what completes it once written (and closes it). */
  open(): Promise<StorageBuild>;
  commit(): void;
  abort(): void;
}

/**
 * A new ledger, built whole before anyone sees it: on SQLite in a temporary file beside the
 * target, written without a log (openStorageToBuild), then placed at the target once complete and
 * synced, never over a file created there meanwhile (placeBuiltFile).
 */
function prepareTarget(storage: StorageOptions): ImportTarget {
  if (storage.type !== 'sqlite') return { open: () => openStorageToBuild(storage), commit: () => undefined, abort: () => undefined };
  const path = storage.database;
  if (path === ':memory:') throw new InvalidArgumentError('import into a new SQLite file, not :memory:', path);
  const problem = newSqliteFileProblem(path);
  if (problem) throw new InvalidArgumentError(`${problem}; import into a new SQLite file`, path);
  const temp = buildingNameFor(path, 'importing');
  return {
    // A file under this name is what a killed process of the same id left (in a container, often every run's): never a ledger.
    open: () => (removeBuilding(temp), openStorageToBuild({ ...storage, database: temp })),
    commit: () => {
      const placed = placeBuiltFile(temp, path);
      if (placed !== 'placed') throw new InvalidArgumentError(`${placed}; the imported ledger was not placed at ${path}`, path);
    },
    abort: () => removeBuilding(temp),
  };
}

/** The existing ledger an append writes into, in one transaction. */
function inPlace(storage: StorageOptions): ImportTarget {
  if (storage.type === 'sqlite' && (storage.database === ':memory:' || !existsSync(storage.database))) {
    throw new InvalidArgumentError(`${storage.database} does not exist; appending continues an existing ledger`, storage.database);
  }
  const open = async (): Promise<StorageBuild> => {
    const opened = await openStorage(storage);
    return { storage: opened, finish: () => opened.close() };
  };
  return { open, commit: () => undefined, abort: () => undefined };
}


/** The rows of the blocks read since the last write. */
interface Pending {
  blocks: BlockRow[];
  revisions: RevisionRow[];
  nodes: TreeNode[];
  documents: Map<string, DocumentRow>;
  /** The revisions' stored bytes, so that a batch of large blocks is written before it grows big. */
  bytes: number;
}

const MAX_PENDING_BYTES = 4 * 1024 * 1024;

class ImportedJournal {
  private chain = new ChainVerifier();
  private frontier = TreeFrontier.empty();
  private readonly tables = new ImportedTables();
  private readonly catalogDocuments = new Set<string>();
  private pending: Pending = emptyPending();
  /** With append: the tip of the ledger being continued. */
  private existingTip: number | undefined;
  /** Whether the trusted digest was compared (and matched). */
  private trustedChecked = false;

  constructor(
    private readonly layout: ExportLayout,
    private readonly format: ExportFormat,
    private readonly options: ImportOptions,
    private readonly runner: BulkRunner,
  ) {}

  async write(query: SqlQuery, ledgerName: string, location: string): Promise<number> {
    const strand = await selectStrand(query);
    if (strand && !this.options.append) throw new InvalidArgumentError(`${location} already holds a ledger; import into a new one`, location);
    if (!strand && this.options.append) throw new InvalidArgumentError(`${location} holds no ledger to append to`, location);
    if (strand) await this.continueFrom(query, strand);
    this.checkTrustedStrand();
    for (const file of this.layout.files) await this.readFile(query, file);
    if (this.chain.blocksVerified === 0 && !strand) throw new ImportRefusedError('the export holds no block');
    this.checkTrustedReached();
    await this.flush(query);
    if (!strand) await insertStrand(query, { strandId: this.layout.strandId, ledgerName });
    await upsertDocuments(query, this.importedCatalog());
    await indexAllTables(query);
    return this.chain.blocksVerified;
  }

  /** The catalog rows of the imported tables, with the indexes declared for them; an index on a table the export has not is refused. */
  private importedCatalog(): DocumentRow[] {
    const indexes = declaredIndexes(this.options.indexes ?? []);
    const rows = this.tables.catalogRows((tableId) => this.catalogDocuments.has(tableId), indexes);
    const active = new Set(rows.map((row) => documentToDefinition(fromIon(row.data as Uint8Array) as IonStructObject)).filter((t) => t.status === 'ACTIVE').map((t) => t.name));
    const unknown = [...indexes.keys()].filter((table) => !active.has(table));
    if (unknown.length) throw new InvalidArgumentError(`indexes declared on tables the export has no active table of: ${unknown.join(', ')}`, unknown);
    return rows;
  }

  private checkTrustedStrand(): void {
    const trusted = this.options.trustedDigest;
    if (trusted?.strandId !== undefined && trusted.strandId !== this.layout.strandId) {
      throw new ImportRefusedError(`the trusted digest is of strand ${trusted.strandId}; the export's strand is ${this.layout.strandId}`);
    }
    if (trusted && this.existingTip !== undefined && trusted.sequenceNo <= this.existingTip) {
      throw new ImportRefusedError(
        `the trusted digest's tip ${trusted.sequenceNo} is at or before the ledger's tip ${this.existingTip}: check the ledger itself with verify against that digest`,
      );
    }
  }

  /** The digest at the trusted tip, once the tree reaches it, must be the trusted one. */
  private checkTrusted(key: string): void {
    const trusted = this.options.trustedDigest;
    if (!trusted || this.frontier.size - 1 !== trusted.sequenceNo) return;
    const digest = this.frontier.digest();
    if (!Buffer.from(digest).equals(trusted.digest)) {
      const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
      throw new ImportRefusedError(
        `the export's digest at block ${trusted.sequenceNo} is ${b64(digest)}, not the trusted digest ${b64(trusted.digest)}: the export is not the journal that digest was taken of`,
        { file: key, sequenceNo: trusted.sequenceNo },
      );
    }
    this.trustedChecked = true;
  }

  private checkTrustedReached(): void {
    const trusted = this.options.trustedDigest;
    if (!trusted || this.trustedChecked) return;
    const tip = this.chain.tip?.sequenceNo;
    throw new ImportRefusedError(`the export ends at block ${tip ?? 'none'}, before the trusted digest's tip ${trusted.sequenceNo}: it is truncated`);
  }

  /** The sequenceNo of the last block of the chain, imported or (appending) already there. */
  get tipSequenceNo(): number | undefined {
    return this.chain.tip?.sequenceNo;
  }

  /** Appending: the chain, the tree and the known tables continue from the ledger's tip. */
  private async continueFrom(query: SqlQuery, strand: StrandRow): Promise<void> {
    if (strand.strandId !== this.layout.strandId) {
      throw new ImportRefusedError(`the export is of strand ${this.layout.strandId}; the ledger's strand is ${strand.strandId}`);
    }
    const state = await LedgerState.load(query, strand);
    this.existingTip = state.tip.sequenceNo;
    this.chain = new ChainVerifier({ strandId: strand.strandId, sequenceNo: state.tip.sequenceNo, blockHash: strand.tipBlockHash });
    this.frontier = state.frontier;
    for (const entry of state.catalog.entries()) this.catalogDocuments.add(entry.definition.tableId);
  }

  /** With append, a block the ledger already holds must be the ledger's block. */
  private async checkKnown(query: SqlQuery, block: ImportedBlockFacts, key: string): Promise<void> {
    const sequenceNo = block.blockAddress?.sequenceNo as number;
    const [stored] = await selectBlocks(query, sequenceNo, sequenceNo);
    if (!stored || !isHash(block.blockHash) || !Buffer.from(stored.blockHash).equals(block.blockHash)) {
      throw new ImportRefusedError(
        `block ${sequenceNo} in ${key} is not the ledger's block ${sequenceNo}: the ledger and the export have diverged (commits made here since the last import?)`,
        { file: key, sequenceNo },
      );
    }
  }

  private isKnown(block: ImportedBlockFacts): boolean {
    const sequenceNo = block.blockAddress?.sequenceNo;
    return this.existingTip !== undefined && typeof sequenceNo === 'number' && sequenceNo <= this.existingTip;
  }

  private async readFile(query: SqlQuery, file: { key: string; path: string }): Promise<void> {
    const range = /\.(\d+)-(\d+)\.\w+$/.exec(file.key);
    const place: FilePlace = { key: file.key, first: range ? Number(range[1]) : undefined, last: range ? Number(range[2]) : undefined, lastRead: undefined };
    try {
      if (this.runner.parallelism > 0) await this.readOnWorkers(query, file.path, place);
      else for (const value of readDataFile(file.path, this.format)) await this.take(query, importedBlock(value as unknown as Block), place);
    } catch (error) {
      if (error instanceof ImportRefusedError || error instanceof BulkWorkerFailedError) throw error;
      const after = place.lastRead === undefined ? 'at its first block' : `after block ${place.lastRead}`;
      throw new ImportRefusedError(`${file.key} is malformed or truncated ${after} (${(error as Error).message})`, { file: file.key, sequenceNo: (place.lastRead ?? (place.first ?? 0) - 1) + 1 });
    }
    const { last, lastRead } = place;
    if (last !== undefined && lastRead !== last) {
      throw new ImportRefusedError(`${file.key} ends ${lastRead === undefined ? 'without a block' : `at block ${lastRead}`}, but its name says ${last}: the file is truncated`, { file: file.key, sequenceNo: (lastRead ?? (place.first as number) - 1) + 1 });
    }
    this.options.onProgress?.({ blocksImported: this.chain.blocksVerified, file: file.key });
  }

  /**
   * An Ion binary file on the workers: its values go in batches (each with the version marker and
   * symbol tables in force) to the workers, at most two batches per worker in flight, and come back
   * decoded, inspected and encoded, in order. An error reading the file surfaces after the blocks before it.
   */
  private async readOnWorkers(query: SqlQuery, path: string, place: FilePlace): Promise<void> {
    const inFlight: Array<Promise<ImportedBlock[]>> = [];
    const takeFirst = async () => {
      for (const imported of await (inFlight.shift() as Promise<ImportedBlock[]>)) await this.take(query, imported, place);
    };
    let unreadable: { error: unknown } | undefined;
    try {
      unreadable = await this.sendBatches(path, inFlight, async () => {
        if (inFlight.length >= 2 * this.runner.parallelism) await takeFirst();
      });
      while (inFlight.length) await takeFirst();
    } catch (error) {
      await Promise.allSettled(inFlight.splice(0));
      throw error;
    }
    if (unreadable) throw unreadable.error;
  }

  /**
   * Sends the file's values in batches to the workers (into `inFlight`), calling `sent` after each;
   * returns the error that ended the reading of the file, if one did.
   */
  private async sendBatches(path: string, inFlight: Array<Promise<ImportedBlock[]>>, sent: () => Promise<void>): Promise<{ error: unknown } | undefined> {
    let batch: EncodedBlockBatch = { contexts: [], values: [] };
    let batchBytes = 0;
    let context: Uint8Array = new Uint8Array(0);
    const send = () => {
      if (batch.values.length) inFlight.push(handled(this.runner.run('decodeImportedBlocks', batch)));
      batch = { contexts: [], values: [] };
      batchBytes = 0;
    };
    const items = readBinaryItems(path);
    try {
      for (;;) {
        let item;
        try {
          item = items.next();
        } catch (error) {
          send();
          return { error };
        }
        if (item.done) break;
        const { bytes } = item.value;
        let kind: BinaryItemKind;
        try {
          kind = confirmedKind(item.value.kind, context, bytes);
        } catch (error) {
          send();
          return { error };
        }
        if (kind !== 'value') {
          context = kind === 'marker' ? bytes : concatBytes(context, bytes);
          continue;
        }
        if (batch.contexts[batch.contexts.length - 1] !== context) batch.contexts.push(context);
        batch.values.push({ context: batch.contexts.length - 1, bytes });
        batchBytes += bytes.length;
        if (batch.values.length < WORKER_BATCH && batchBytes < WORKER_BATCH_BYTES) continue;
        send();
        await sent();
      }
      send();
      return undefined;
    } finally {
      items.return(undefined);
    }
  }

  /** One block read from a file: refused unless it verifies and continues the chain; queued for writing. */
  private async take(query: SqlQuery, imported: ImportedBlock, place: FilePlace): Promise<void> {
    if ('unreadable' in imported) throw new Error(imported.unreadable);
    if (this.isKnown(imported.facts)) {
      await this.checkKnown(query, imported.facts, place.key);
      place.lastRead = imported.facts.blockAddress?.sequenceNo as number;
      return;
    }
    place.lastRead = this.accept(imported, place);
    this.checkTrusted(place.key);
    if (this.pending.blocks.length >= (this.options.pageSize ?? 500) || this.pending.bytes >= MAX_PENDING_BYTES) await this.flush(query);
  }

  /** Verifies one block against the chain and queues its rows; returns its sequenceNo. */
  private accept(imported: Exclude<ImportedBlock, { unreadable: string }>, { key, first, last }: FilePlace): number {
    const block = imported.facts;
    const [problem] = this.chain.pushInspected(block as ChainedBlock, imported.inspection);
    if (problem && this.format === 'json' && typeof (block as { blockHash?: unknown })?.blockHash === 'string') {
      throw new ImportRefusedError(
        `block ${problem.sequenceNo ?? '?'} in ${key} holds its hashes as strings: QLDB's JSON export down-converts Ion and cannot be verified; export the journal from QLDB as ION_TEXT or ION_BINARY`,
        { file: key, sequenceNo: problem.sequenceNo },
      );
    }
    if (problem) {
      throw new ImportRefusedError(`block ${problem.sequenceNo ?? '?'} in ${key} does not verify: ${problem.code}: ${problem.message}`, { file: key, sequenceNo: problem.sequenceNo });
    }
    const { strandId, sequenceNo } = block.blockAddress as { strandId: string; sequenceNo: number };
    if (strandId !== this.layout.strandId) {
      throw new ImportRefusedError(`block ${sequenceNo} in ${key} is on strand ${strandId}, the export's strand is ${this.layout.strandId}`, { file: key, sequenceNo });
    }
    if ((first !== undefined && sequenceNo < first) || (last !== undefined && sequenceNo > last)) {
      throw new ImportRefusedError(`block ${sequenceNo} is outside the range ${first}-${last} of ${key}`, { file: key, sequenceNo });
    }
    if (imported.unstorable !== undefined) throw new Error(imported.unstorable);
    this.queue(block, imported.rows as BlockRows);
    return sequenceNo;
  }

  private queue(block: ImportedBlockFacts, rows: BlockRows): void {
    this.pending.blocks.push(rows.block);
    for (const revision of rows.revisions) this.pending.revisions.push(revision); // a loop: a block's revisions spread into push overflow the stack past about 120,000
    for (const row of rows.revisions) this.pending.bytes += (row.data?.length ?? 0) + (row.metadata?.length ?? 0);
    this.pending.nodes.push(...this.frontier.append(block.blockHash));
    for (const row of rows.revisions) {
      if (row.documentId === null || row.tableId === null) continue;
      this.pending.documents.set(row.documentId, { documentId: row.documentId, tableId: row.tableId, version: row.version as number, sequenceNo: row.sequenceNo, data: row.data });
      if (row.tableId === CATALOG_TABLE_ID) this.catalogDocuments.add(row.documentId);
    }
    this.tables.push(block as Parameters<ImportedTables['push']>[0]);
  }

  private async flush(query: SqlQuery): Promise<void> {
    const { blocks, revisions, nodes, documents } = this.pending;
    this.pending = emptyPending();
    await insertBlocks(query, blocks);
    await insertRevisions(query, revisions);
    await insertTreeNodes(query, nodes);
    await upsertDocuments(query, [...documents.values()]);
  }
}

/** Values sent to a worker at a time: at most this many, and no more once they reach WORKER_BATCH_BYTES (blocks of many revisions). */
export const WORKER_BATCH = 64;
export const WORKER_BATCH_BYTES = 1024 * 1024;

/** The data file being read: its key, the range its name gives, and the last block read from it. */
interface FilePlace {
  key: string;
  first: number | undefined;
  last: number | undefined;
  lastRead: number | undefined;
}

/** `promise`, marked as handled: it may fail while earlier batches are still being taken; it is awaited later. */
/**
 * What a file's item is, as the calling thread's reader decides it: an item that looks like a
 * system value (a symbol table, padding) is read here, after the context in force, so that one
 * which is malformed fails where it stands, and one that holds values is a value.
 */
function confirmedKind(kind: BinaryItemKind, context: Uint8Array, bytes: Uint8Array): BinaryItemKind {
  if (kind !== 'system') return kind;
  for (const _value of readIonStream(concatBytes(context, bytes))) return 'value';
  return 'system';
}

function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

function emptyPending(): Pending {
  return { blocks: [], revisions: [], nodes: [], documents: new Map(), bytes: 0 };
}

/** Index entries for every index the imported catalog defines. */
async function indexAllTables(query: SqlQuery): Promise<void> {
  for (const row of await selectTableDocuments(query, CATALOG_TABLE_ID)) {
    if (!row.data) continue;
    const definition = documentToDefinition(fromIon(row.data) as IonStructObject);
    for (const index of definition.indexes) await backfillIndex(query, definition, index);
  }
}
