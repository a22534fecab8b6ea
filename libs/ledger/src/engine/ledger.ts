// The ledger: opens (or creates, with its genesis block) a ledger in storage, runs transactions with
// optimistic concurrency and retries, and serves digests, blocks and revisions with their proofs,
// consistency proofs and signed digests, all read from storage at O(log n) cost. Its journal
// streams (catch-up, then live) are opened through the streams layer. The work is done by concern:
// opening (ledger-opening.ts), the journal and its proofs (journal-proofs.ts), verification and
// checkpoints (ledger-verifier.ts, trusted-digest-check.ts, checkpoint-witness.ts), streams
// (ledger-streams.ts); transactions run in Transaction and commit through the Committer.
import { inspect } from 'node:util';
import './native-crypto';
import { OriginMismatchError, signDigest } from '../crypto';
import type { Block, BlockAddress, TipEvidence } from '../journal';
import type { IonValue } from '../ion';
import type { Observable } from 'rxjs';
import type { BlockSummaryRecord, FollowOptions, JournalFollower, RevisionDetailsRecord, StreamIterator, StreamOptions, StreamRecord } from '../streams';
import { CommitHub } from '../streams/internal';
import { describeStorage, NotALedgerError, openStorage, RowProjectionLease, type ProjectionLease, type ScrubOptions, type ScrubReport, type SqlQuery, type SqlStorage, type StorageOptions } from '../storage';
import { existsSync } from 'node:fs';
import { Committer, type CommitStats } from './committer';
import { InvalidArgumentError, LedgerClosedError, OccConflictError, ReadOnlyLedgerError, TableNotFoundError } from './errors';
import { JournalProofs, type ConsistencyProof, type LedgerDigest, type ProvenBlock, type ProvenRevision } from './journal-proofs';
import { checkOptions, migrationsAtOpen, noLedgerWhenEmpty, openState } from './ledger-opening';
import { DEFAULT_LIMITS, DEFAULT_RETRY, type LedgerLimits, type LedgerOptions, type OpenExistingOptions, type RetryPolicy } from './ledger-options';
import { LedgerStreams } from './ledger-streams';
import { LedgerTelemetry } from './ledger-telemetry';
import { backupLedger, checkBackup, type LedgerBackup } from './ledger-backup';
import { checkWorkerCount } from './bulk/bulk-workers';
import { verifyLedger } from './ledger-verifier';
import { lastWitnessed } from './checkpoint-witness';
import { CheckpointRefusedError } from './errors/checkpoint-refused.error';
import { checkTrust, trustAnchors } from './trusted-digest-check';
import type { CheckpointWitness, TrustedLedgerVerification, VerifyOptions } from './verification-types';
import { statementRunner } from './statement-port';
import { Transaction } from './transaction';
import type { RedactedRevisionInfo } from './redaction';
import type { RedactedEventInfo } from './event-redaction';
import type { TelemetrySpan } from '../telemetry';
import { LedgerAccess } from './access/ledger-access';
import { runInCommand } from './access/principal-context';
import type { TransactionAuthority } from './access/transaction-authority';

export type { ConsistencyProof, LedgerDigest, ProvenBlock, ProvenRevision } from './journal-proofs';

export interface SignedDigest extends LedgerDigest {
  /** The C2SP signed checkpoint note. */
  note: string;
}

/** What a transaction returned, and the block it committed (none when it wrote nothing). */
export interface TransactionOutcome<T> {
  value: T;
  block?: Block;
  /** After a redaction: what the database still kept of the removed data was cleared, as far as it could be (docs/governance.md). */
  scrub?: ScrubReport;
}

/** An event redaction done: the event named, the block that records it, and the scrub that followed. */
export interface EventRedaction extends RedactedEventInfo {
  redactionBlockAddress: BlockAddress;
  /** After the redaction: what the database still kept of the removed payload was cleared, as far as it could be (docs/governance.md). */
  scrub: ScrubReport;
}

/** A redaction done: the revision named (QLDB's REDACT_REVISION result), the block that records it, and the scrub that followed. */
export interface RevisionRedaction extends RedactedRevisionInfo {
  redactionBlockAddress: BlockAddress;
  scrub: ScrubReport;
}

export interface ExecuteOptions {
  retry?: Partial<RetryPolicy>;
  /** Runs the transaction as this principal (null: none) instead of the running code's (runAsPrincipal). */
  principal?: string | null;
  /**
   * Runs it as the event-sourcing command of this name: with access control the principal needs
   * the permission to run it, which then covers the tables the transaction reads and writes.
   */
  command?: string;
}

export class Ledger {
  private closed = false;
  private lease: ProjectionLease | undefined;
  private readonly proofs: JournalProofs;
  private readonly streams: LedgerStreams;
  private readonly stopObserving: () => void;
  /** Access control: roles, grants, and who may do what (see LedgerOptions.accessControl). */
  readonly access: LedgerAccess;

  private constructor(
    readonly name: string,
    private readonly storage: SqlStorage,
    private readonly committer: Committer,
    hub: CommitHub,
    private readonly limits: LedgerLimits,
    private readonly retry: RetryPolicy,
    private readonly options: LedgerOptions & { readOnly?: boolean },
    private readonly telemetry: LedgerTelemetry,
  ) {
    this.proofs = new JournalProofs((work) => this.read(work), () => this.checkOpen(), () => this.strandId);
    this.streams = new LedgerStreams(name, hub, this.proofs, () => this.access.streamCheck());
    this.stopObserving = telemetry.observeStreamLag(() => hub.lag(this.committer.current.tip.sequenceNo));
    this.access = new LedgerAccess(options.accessControl, {
      read: (work) => this.read(work),
      proofs: this.proofs,
      catalog: () => this.committer.current.catalog,
      strandId: () => this.strandId,
      transact: (work, principal) => this.execute(work, principal === null ? { principal } : {}),
    });
  }

  /** What Node prints of the ledger (console.log, loggers): its name and where it is; never its options, which hold secrets (passwords, the signing key). */
  [inspect.custom](): string {
    return `Ledger ${JSON.stringify(this.name)} <${describeStorage(this.options.storage)}>`;
  }

  /**
   * Opens the ledger in `options.storage`, creating it (schema and genesis block) when absent; its
   * schema's pending migrations run first unless `options.migrate` says otherwise.
   */
  static async open(options: LedgerOptions): Promise<Ledger> {
    checkOptions(options);
    return Ledger.openOn(options, true);
  }

  /**
   * Opens the ledger already stored in `options.storage`, whatever its name (unless `name` is
   * given); never creates one. Throws NotALedgerError when there is none: a missing SQLite file is
   * reported, not created. `readOnly` opens it for reading only, creating and migrating nothing.
   */
  static async openExisting(options: OpenExistingOptions): Promise<Ledger> {
    checkOptions({ name: 'existing', ...options });
    const storage = options.storage;
    if (storage.type === 'sqlite' && storage.database !== ':memory:' && !existsSync(storage.database)) {
      throw new NotALedgerError(describeStorage(storage), 'the file does not exist');
    }
    return Ledger.openOn(options, false);
  }

  private static async openOn(options: OpenExistingOptions, create: boolean): Promise<Ledger> {
    const storage = await openStorage(options.storage, migrationsAtOpen(options), options.logger).catch((error: unknown) => {
      throw create ? error : noLedgerWhenEmpty(error, options);
    });
    let ledger: Ledger;
    try {
      const opening = (query: SqlQuery) => openState(query, options, create);
      const { state, name } = await (create ? storage.write(opening) : storage.read(opening));
      const hub = new CommitHub((listener) => storage.watchTip(listener));
      const telemetry = new LedgerTelemetry(name, options);
      const committer: Committer = new Committer(
        storage,
        state,
        (query) => committer.current.catchUp(query),
        (blocks) => hub.publish(blocks[blocks.length - 1].blockAddress.sequenceNo, blocks),
        telemetry,
      );
      const limits = { ...DEFAULT_LIMITS, ...options.limits };
      telemetry.logger.log(`opened ledger ${JSON.stringify(name)} (${describeStorage(options.storage)}${options.readOnly ? ', read-only' : ''}) at block ${state.tip.sequenceNo}`);
      ledger = new Ledger(name, storage, committer, hub, limits, { ...DEFAULT_RETRY, ...options.retry }, { ...options, name }, telemetry);
    } catch (error) {
      await storage.close();
      throw error;
    }
    try {
      await ledger.access.journalAdministrators(options.readOnly === true);
    } catch (error) {
      await ledger.close();
      throw error;
    }
    return ledger;
  }

  /** Blocks this process committed, and the database transactions they took (group commit). */
  get commitStats(): CommitStats {
    return { ...this.committer.stats };
  }

  /** The ledger's strand id (one strand per ledger). */
  get strandId(): string {
    return this.committer.current.strandId;
  }

  /** Runs `work` as one transaction, retrying it whole on OCC conflicts; returns what it returned. */
  async execute<T>(work: (tx: Transaction) => Promise<T> | T, options?: ExecuteOptions): Promise<T> {
    return (await this.transact(work, options)).value;
  }

  /** Like execute, and also returns the block the transaction committed. */
  async transact<T>(work: (tx: Transaction) => Promise<T> | T, options: ExecuteOptions = {}): Promise<TransactionOutcome<T>> {
    return this.telemetry.transaction((span) => this.attempt(work, options, { ...this.retry, ...options.retry }, span));
  }

  /** Runs `work` until it commits, retrying it on OCC conflicts as `policy` says. */
  private async attempt<T>(work: (tx: Transaction) => Promise<T> | T, options: ExecuteOptions, policy: RetryPolicy, span: TelemetrySpan): Promise<TransactionOutcome<T>> {
    let caughtUp = false;
    for (let attempt = 0; ; attempt++) {
      this.checkOpen();
      const authority = await this.access.authority(options.principal, options.command);
      const tx = new Transaction(this.storage, this.strandId, this.committer.current.catalog, this.limits, authority);
      let value: T;
      try {
        value = await this.runWork(work, tx, authority, options.command);
      } catch (error) {
        tx.abandon();
        // a table another process created is unknown here until this process catches up: once, then run again
        if (error instanceof TableNotFoundError && !caughtUp && (caughtUp = true) && (await this.committer.catchUpCatalog())) continue;
        throw error;
      }
      const commit = tx.finish();
      const redacts = commit.redaction !== undefined || commit.eventRedaction !== undefined;
      const writes = commit.writes.length > 0 || commit.events.length > 0 || redacts || commit.attached.length > 0;
      this.refuseWriteWhenReadOnly(writes || commit.catalog !== undefined);
      try {
        const needsCommit = writes || commit.readSet.needsValidation;
        const { block } = needsCommit ? await this.committer.commit(commit, span) : {};
        this.telemetry.settled(span, attempt, block?.blockAddress.sequenceNo);
        const scrub = redacts ? await this.storage.scrub() : undefined;
        return { value, ...(block ? { block } : {}), ...(scrub ? { scrub } : {}) };
      } catch (error) {
        if (!(error instanceof OccConflictError)) throw error;
        this.access.forget(); // the conflict may be a change of the grants: the retry reads them anew
        if (attempt >= policy.maxRetries) {
          this.telemetry.gaveUp(span, attempt + 1, error);
          throw new OccConflictError(String(error.value), attempt + 1);
        }
        const delayMs = Math.random() * Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
        this.telemetry.retrying(span, attempt + 1, error, delayMs);
        await sleep(delayMs);
      }
    }
  }

  /** Runs a transaction's work, inside its command's scope when it runs as a command (the command covers the journal reads it makes). */
  private runWork<T>(work: (tx: Transaction) => Promise<T> | T, tx: Transaction, authority: TransactionAuthority | undefined, command: string | undefined): Promise<T> | T {
    if (command === undefined || authority === undefined) return work(tx);
    return runInCommand({ principal: authority.principal }, command, () => work(tx));
  }

  /**
   * QLDB's REDACT_REVISION as a transaction of its own: the revision of `documentId` in table
   * `tableId` committed in block `blockAddress` (not the document's latest) loses its data for its
   * data's Ion hash, in the journal and wherever the ledger keeps it; a block records the request
   * (the revision, its time, and the transaction's principal when there is one). Every hash and
   * proof stays valid. Refused with RedactionRefusedError by QLDB's rules (docs/governance.md).
   */
  async redactRevision(blockAddress: BlockAddress, tableId: string, documentId: string): Promise<RevisionRedaction> {
    const { value, block, scrub } = await this.transact((tx) => tx.redactRevision(blockAddress, tableId, documentId));
    return { ...value, redactionBlockAddress: (block as Block).blockAddress, scrub: scrub as ScrubReport };
  }

  /**
   * Redacts the payload of the event at `eventIndex` of block `blockAddress`, as a transaction of
   * its own (docs/governance.md): the event keeps its envelope fields and its payload is replaced
   * by the payload field's digest, in the journal and wherever the ledger keeps it; a block records
   * the request (the event, its time, and the transaction's principal when there is one). Every
   * hash and proof stays valid. Refused with RedactionRefusedError (no such event, no payload,
   * already redacted), AccessDeniedError without `redact` on the event's aggregate table.
   */
  async redactEvent(blockAddress: BlockAddress, eventIndex: number): Promise<EventRedaction> {
    const { value, block, scrub } = await this.transact((tx) => tx.redactEvent(blockAddress, eventIndex));
    return { ...value, redactionBlockAddress: (block as Block).blockAddress, scrub: scrub as ScrubReport };
  }

  /**
   * Clears what the database still keeps of overwritten data, as far as it can (SQLite: checkpoints
   * and truncates its write-ahead log; PostgreSQL: VACUUMs the journal's revisions when this role
   * owns them). A redaction and a shredding run it; run it again when its report named something
   * that remains, and with `rebuild` for a file or tables written before (docs/governance.md).
   */
  async scrub(options?: ScrubOptions): Promise<ScrubReport> {
    this.checkOpen();
    this.refuseWriteWhenReadOnly(true, 'scrub');
    await this.access.authorizeLedger('scrub');
    return this.storage.scrub(options);
  }

  /**
   * Copies an SQLite ledger, as one committed snapshot, to a new file at `destination` while it stays
   * open (compacted; an encrypted ledger's copy takes the same key and cipher), and returns the
   * copy's digest. The copy is placed only once it opens as a ledger whose tip block is this
   * ledger's, and never over another file (InvalidArgumentError). Takes the `export` permission. A
   * PostgreSQL ledger is backed up by PostgreSQL's own tools (docs/postgresql-and-operations.md#backups).
   */
  async backup(destination: string): Promise<LedgerBackup> {
    this.checkOpen();
    checkBackup(this.options.storage, this.storage.backupTo !== undefined, destination);
    await this.access.authorizeLedger('export');
    const reads = {
      openCopy: (storage: StorageOptions) => Ledger.openExisting({ storage, readOnly: true }),
      blocksOfLedger: (first: number, last: number) => this.proofs.readBlocks(first, last, { revisions: false }),
    };
    return this.telemetry.backup(() => backupLedger(this.storage, destination, reads));
  }

  /**
   * Runs one PartiQL statement as a transaction of its own (retried on OCC conflicts); returns its
   * values. `T` names the shape the statement's values have (`query<BlockAddress>('SELECT VALUE
   * h.blockAddress …')`): the caller's assertion, not checked; the values are Ion values.
   */
  async query<T = IonValue>(statement: string, ...parameters: IonValue[]): Promise<T[]> {
    return this.execute((tx) => tx.executeStatement<T>(statement, ...parameters));
  }

  /**
   * The values of one PartiQL query, produced as the consumer takes them: a large table is read a
   * page at a time and nothing past what was taken is computed. It runs in a transaction of its own
   * that ends with the iteration (breaking out ends it too). Values handed out cannot be taken
   * back, so a conflicting commit is not retried: it ends the iteration with an OccConflictError.
   * Only queries (SELECT, EXPLAIN) are accepted.
   */
  async *queryIterator<T = IonValue>(statement: string, ...parameters: IonValue[]): AsyncGenerator<T> {
    this.checkOpen();
    const tx = new Transaction(this.storage, this.strandId, this.committer.current.catalog, this.limits, await this.access.authority(undefined, undefined));
    let iterated = false;
    try {
      yield* statementRunner<Transaction>().iterate(tx, statement, parameters, { queriesOnly: true }) as AsyncGenerator<T>;
      iterated = true;
    } finally {
      if (!iterated) tx.abandon();
    }
    const commit = tx.finish();
    if (commit.readSet.needsValidation) await this.committer.commit(commit);
  }

  /** The digest of the journal at its current tip. */
  async getDigest(): Promise<LedgerDigest> {
    await this.access.authorizeLedger('getDigest');
    return this.proofs.digest();
  }

  /** A block with its proof to the digest at `tipAddress` (default: the current tip). */
  async getBlock(address: BlockAddress, tipAddress?: BlockAddress): Promise<ProvenBlock> {
    await this.access.authorizeLedger('getBlock');
    return this.proofs.block(address, tipAddress);
  }

  /**
   * Committed blocks `first`..`last` (clamped to the tip) without proofs, for reading the journal
   * in order; `{ revisions: false }` leaves their revisions out (cheaper when only events or
   * transactionInfo are wanted).
   */
  async readBlocks(first: number, last: number, options: { revisions?: boolean } = {}): Promise<Block[]> {
    await this.access.authorizeLedger('getBlock');
    return this.proofs.readBlocks(first, last, options);
  }

  /** The committed blocks holding a document's revisions `fromVersion`..`toVersion`, in order, without their revisions. */
  async documentBlocks(documentId: string, range: { fromVersion?: number; toVersion?: number } = {}): Promise<Block[]> {
    this.checkOpen();
    await this.access.authorizeLedger('getBlock');
    return this.proofs.documentBlocks(documentId, range);
  }

  /**
   * The tip block's header with its inclusion proof as the last leaf of the tree at `tipAddress`
   * (default: the current tip): put in a proof file, it binds the digest's tip address for an
   * auditor who holds only the digest.
   */
  async getTipProof(tipAddress?: BlockAddress): Promise<TipEvidence> {
    await this.access.authorizeLedger('getDigest');
    return this.proofs.tipProof(tipAddress);
  }

  /** A document's revision committed in the block at `address`, with its proof to the digest (QLDB's shape: see revisionProofFile for one bound to its block). */
  async getRevision(address: BlockAddress, documentId: string, tipAddress?: BlockAddress): Promise<ProvenRevision> {
    await this.access.authorizeLedger('getRevision');
    return this.proofs.revision(address, documentId, tipAddress);
  }

  /** The proof that the digest at `newTip` (default: current) only appended blocks to the one at `oldTip`. */
  async getConsistencyProof(oldTip: BlockAddress, newTip?: BlockAddress): Promise<ConsistencyProof> {
    await this.access.authorizeLedger('getDigest');
    return this.proofs.consistencyProof(oldTip, newTip);
  }

  /**
   * The origin line of this ledger's signed checkpoints: `<signingOrigin or name>/<strandId>`, so
   * that a checkpoint names the ledger and its strand, and one signed for another ledger (a staging
   * copy signed with the same key) is refused by a verifier that expects this origin.
   */
  get checkpointOrigin(): string {
    return `${this.options.signingOrigin ?? this.name}/${this.strandId}`;
  }

  /** The current digest signed with the configured Ed25519 key, as a C2SP checkpoint note. */
  async getSignedDigest(): Promise<SignedDigest> {
    const key = this.options.signingKey;
    if (key === undefined) throw new InvalidArgumentError('no signingKey was configured for this ledger', undefined);
    const digest = await this.getDigest();
    const origin = this.checkpointOrigin;
    const note = signDigest({ origin, treeSize: digest.digestTipAddress.sequenceNo + 1, digest: digest.digest }, key);
    return { ...digest, note };
  }

  /**
   * Re-hashes the whole journal and checks it, the tree, the current documents and the indexes.
   * With `trusted` (a digest obtained elsewhere, plain with its tip or signed) and/or `witness`,
   * the journal must also extend each trusted digest: TRUNCATED or REWRITTEN otherwise, which a
   * consistent rewrite passes without. A signed digest without `origin` must name this ledger's
   * checkpointOrigin. The trusted input is checked before anything is read (typed errors).
   */
  async verify(options: VerifyOptions = {}): Promise<TrustedLedgerVerification> {
    this.checkOpen();
    checkWorkerCount(options.workers);
    await this.access.authorizeLedger('verify');
    return this.telemetry.verification(options, async () => {
      const anchors = await trustAnchors(options, this.checkpointOrigin);
      return this.read(async (query) => checkTrust(query, await verifyLedger(query, options), anchors, options.all ?? false));
    });
  }

  /**
   * Signs the current digest and appends it to `witness` with the consistency proof from the last
   * checkpoint the witness holds; the witness refuses (CheckpointRefusedError, nothing appended) a
   * checkpoint that does not extend it. Nothing is appended when the witness already holds the
   * current digest. Call it on a schedule and after important commits: blocks committed after the
   * last published checkpoint are protected only once the next one is published. Needs signingKey;
   * a witness of another origin than checkpointOrigin is refused (OriginMismatchError) before it is read.
   */
  async publishCheckpoint(witness: CheckpointWitness): Promise<SignedDigest> {
    if (witness.origin !== this.checkpointOrigin) throw new OriginMismatchError(witness.origin, this.checkpointOrigin);
    const last = lastWitnessed(await witness.read(), witness);
    const signed = await this.getSignedDigest();
    const tip = signed.digestTipAddress;
    if (last !== undefined && last.treeSize > tip.sequenceNo + 1) {
      throw new CheckpointRefusedError(witness.name, `it holds a checkpoint of ${last.treeSize} blocks, and this journal ends at block ${tip.sequenceNo}: blocks were cut off`);
    }
    const proof = last === undefined ? [] : (await this.getConsistencyProof(this.proofs.address(last.treeSize - 1), tip)).proof;
    await witness.append({ note: signed.note, oldSize: last?.treeSize ?? 0, proof });
    return signed;
  }

  /**
   * The journal as stream records (BLOCK_SUMMARY, REVISION_DETAILS, EVENT), in position order: a
   * cold Observable whose every subscription catches up from `from` (default 'start') reading
   * storage a page at a time, then follows commits of this and other processes with no gap,
   * duplicate or reordering. It never completes on its own; it errors with LedgerClosedError when
   * the ledger closes, and with storage errors. Options are checked now (InvalidArgumentError).
   */
  stream(options?: StreamOptions): Observable<StreamRecord> {
    return this.streams.observe(options);
  }

  /** The records of stream() as an async iterator that reads the next page only once the consumer took the previous one. */
  streamIterator(options?: StreamOptions): StreamIterator<StreamRecord> {
    return this.streams.iterate(options);
  }

  /** stream() of BLOCK_SUMMARY records only. */
  blocks$(options?: Omit<StreamOptions, 'kinds'>): Observable<BlockSummaryRecord> {
    return this.stream({ ...options, kinds: ['BLOCK_SUMMARY'] }) as Observable<BlockSummaryRecord>;
  }

  /** stream() of REVISION_DETAILS records only. */
  revisions$(options?: Omit<StreamOptions, 'kinds'>): Observable<RevisionDetailsRecord> {
    return this.stream({ ...options, kinds: ['REVISION_DETAILS'] }) as Observable<RevisionDetailsRecord>;
  }

  /** The reader under every stream: whole blocks from a sequenceNo, a page at a time, caught up then live. */
  followJournal(options: FollowOptions): JournalFollower {
    return this.streams.follow(options);
  }

  /** How many streams (subscriptions, iterators, followers) are reading or waiting for commits. */
  get activeStreams(): number {
    return this.streams.size;
  }

  /**
   * Runs `work` on the ledger's database in a read snapshot of committed data: for state kept
   * beside the journal (projection checkpoints, read models a projection writes).
   */
  readDatabase<T>(work: (query: SqlQuery) => Promise<T>): Promise<T> {
    return this.read(work);
  }

  /**
   * Who runs which projection across the processes sharing this ledger: on PostgreSQL, session
   * advisory locks (a dead holder's projections are taken over at once); elsewhere a row lease
   * with an expiry in the ledger's database.
   */
  get projectionLease(): ProjectionLease {
    this.lease ??= this.storage.projectionLease ?? new RowProjectionLease({ write: (work) => this.writeDatabase(work) });
    return this.lease;
  }

  /**
   * Runs `work` in one write transaction of the ledger's database, holding the ledger's write lock
   * (commits wait meanwhile: keep it short), all of it or none: for state kept beside the journal.
   * The journal's own tables refuse changes; `work` must not run ledger transactions.
   */
  writeDatabase<T>(work: (query: SqlQuery) => Promise<T>): Promise<T> {
    this.checkOpen();
    this.refuseWriteWhenReadOnly(true, 'writeDatabase');
    return this.storage.write(work);
  }

  /** Ends open streams with LedgerClosedError, waits for commits and stream reads in flight, then closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopObserving();
    this.streams.close(new LedgerClosedError(this.name));
    await this.committer.idle();
    await this.streams.settled();
    await this.storage.close();
    this.telemetry.logger.log(`closed ledger ${JSON.stringify(this.name)}`);
  }

  /** Reads from storage, refusing once the ledger is closed. */
  private read<T>(work: (query: SqlQuery) => Promise<T>): Promise<T> {
    this.checkOpen();
    return this.storage.read(work);
  }

  /** Throws ReadOnlyLedgerError when the ledger was opened read-only and `writes`. */
  private refuseWriteWhenReadOnly(writes: boolean, what = 'a transaction that writes'): void {
    if (writes && this.options.readOnly === true) throw new ReadOnlyLedgerError(this.name, what);
  }

  private checkOpen(): void {
    if (this.closed) throw new LedgerClosedError(this.name);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
