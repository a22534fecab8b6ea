// Full verification of a stored ledger: re-hashes every block and revision from the stored data,
// checks the chain, recomputes the ledger tree and compares every stored node and the tip, checks
// the stored columns the engine reads beside the hashes (block times, the strand row, revision
// rows), then replays the journal into the documents and index entries it implies and compares
// them with the stored ones; on SQLite it also runs the database's own integrity check. Reads in
// pages; stops at the first problem unless asked for all. Stored garbage is reported as problems
// (each located by sequenceNo where it belongs to a block), never thrown; a failure of the
// database itself is a StorageError. What each check covers: docs/verification.md.
import { LedgerError } from '../errors';
import { isDatabaseDamage, isSqliteDatabase, selectLastSequenceNo, selectStrandRows, StorageError, type SqlQuery } from '../storage';
import { BulkWorkerFailedError } from './errors';
import { bulkRunner, defaultWorkerCount, type BulkRunner } from './bulk/bulk-workers';
import { lastBlockOfPage } from './journal-rows';
import { inspectBlockPage, settledPage, verifyBlockPage, type InspectedPage } from './verification/block-checks';
import { checkBeyondTip, checkDatabaseFile } from './verification/database-checks';
import { verifyDocuments } from './verification/derived-state-checks';
import { verifyIndexEntries } from './verification/index-entry-checks';
import { checkDataKeys } from './verification/data-key-checks';
import { checkEventRedactions } from './verification/event-checks';
import { checkRedactions } from './verification/revision-checks';
import { Verification } from './verification/verification-state';
import type { LedgerVerification, VerifyOptions } from './verification-types';

export async function verifyLedger(query: SqlQuery, options: VerifyOptions): Promise<LedgerVerification> {
  let v: Verification | undefined;
  let runner: BulkRunner | undefined;
  try {
    v = await startVerification(query, options);
    runner = bulkRunner(options.workers ?? defaultVerifyWorkers(v.tip + 1));
    await checkDatabaseFile(query, v);
    await verifyJournal(query, v, options, runner);
    await verifyDerivedState(query, v, runner);
  } catch (error) {
    if (!isDatabaseDamage(error)) throw asLedgerError(error);
    v ??= new Verification(true, 0, undefined);
    v.report('DATABASE_CORRUPT', `the database cannot be read: ${(error as Error).message}`);
  } finally {
    await runner?.close();
  }
  return { valid: v.problems.length === 0, problems: v.problems, blocksVerified: v.chain.blocksVerified };
}

async function startVerification(query: SqlQuery, options: VerifyOptions): Promise<Verification> {
  const strands = await selectStrandRows(query);
  const tip = await selectLastSequenceNo(query);
  return new Verification(options.all ?? false, Math.max(tip, 0), strands.length === 1 ? strands[0] : undefined);
}

async function verifyJournal(query: SqlQuery, v: Verification, options: VerifyOptions, runner: BulkRunner): Promise<void> {
  const pageSize = options.pageSize ?? (await defaultPageSize(query, runner));
  const inspect = (first: number) => {
    const page = lastBlockOfPage(query, first, pageSize, v.tip).then((last) => inspectBlockPage(query, runner, first, last));
    page.catch(() => undefined); // awaited in turn; it may fail while the page before is being checked
    return page;
  };
  let next: Promise<InspectedPage> | undefined = inspect(0);
  let page: InspectedPage | undefined;
  try {
    while (next && !v.done) {
      page = await next;
      next = page.last < v.tip ? inspect(page.last + 1) : undefined;
      await verifyBlockPage(query, v, page);
      options.onProgress?.({ blocksVerified: v.chain.blocksVerified, totalBlocks: v.tip + 1 });
    }
  } finally {
    await Promise.all([page && settledPage(page), next?.then(settledPage, () => undefined)]);
  }
  if (!v.done) checkRedactions(v);
  if (!v.done) checkEventRedactions(v);
  if (!v.done) await checkDataKeys(query, v);
  if (!v.done) await checkBeyondTip(query, v);
}

/**
 * Blocks per page by default: 100 on SQLite in the calling thread, where smaller pages cost less
 * (the first verify() of a process 13% less CPU, later ones 22%: fewer objects outlive a young
 * collection); 500 on PostgreSQL, where every page is a round trip and the server's CPU grows
 * with their number, and for worker threads, which share a page's blocks. docs/performance.md.
 */
async function defaultPageSize(query: SqlQuery, runner: BulkRunner): Promise<number> {
  return runner.parallelism === 0 && (await isSqliteDatabase(query)) ? 100 : 500;
}

/**
 * Workers pay from about this many blocks on: in a fresh process (the ledger command) starting and
 * warming them cost about 0.7 s of CPU, and 3,000 blocks verified 1.5x slower on them.
 */
const WORKERS_FROM_BLOCKS = 20_000;

/** verify()'s default: the calling thread for a small journal or below 3 cores, else a worker per core. */
function defaultVerifyWorkers(blocks: number): number {
  return blocks < WORKERS_FROM_BLOCKS ? 0 : defaultWorkerCount();
}

/** The current documents and index entries; what cannot be compared (undecodable catalog data) is a problem at the tip. */
async function verifyDerivedState(query: SqlQuery, v: Verification, runner: BulkRunner): Promise<void> {
  try {
    if (!v.done) await verifyDocuments(query, v, runner);
    if (!v.done) await verifyIndexEntries(query, v);
  } catch (error) {
    if (isDatabaseDamage(error) || !isStoredGarbage(error)) throw error;
    v.report('DOCUMENT_MISMATCH', `the current documents cannot be compared with the journal: ${(error as Error).message}`, v.tip);
  }
}

/** An error the engine's own code raises on values it did not expect (not a failure of the database or of a worker). */
function isStoredGarbage(error: unknown): boolean {
  if (error instanceof StorageError || error instanceof BulkWorkerFailedError) return false;
  return error instanceof TypeError || error instanceof RangeError || error instanceof LedgerError;
}

/** A failure of the database as a StorageError; the ledger's own errors as they are. */
function asLedgerError(error: unknown): unknown {
  if (error instanceof LedgerError) return error;
  return new StorageError(`verify() cannot read the database: ${(error as Error).message}`, undefined, error);
}
