// What a ledger reports about itself: its spans (transactions, group commits, verifications), its
// metrics (commit latency, OCC conflicts, the lag of its live streams) and its log lines (open and
// close, OCC retries, slow commits, failed verifications), under the names of telemetry/ and
// documented in docs/observability.md. Nothing here carries document data or secrets: ledgers go
// by name, storage by describeStorage, documents by id, errors by type.
import {
  ATTRIBUTE,
  countConflicts,
  EVENT,
  errorType,
  observeLag,
  recordCommitDuration,
  SILENT_LOGGER,
  SPAN,
  startSpan,
  traced,
  type LedgerLogger,
  type SpanAttributes,
  type TelemetrySpan,
} from '../telemetry';
import { OccConflictError } from './errors';
import { DEFAULT_SLOW_COMMIT_MS, type LedgerOptions } from './ledger-options';
import type { LedgerBackup } from './ledger-backup';
import type { TrustedLedgerVerification, VerifyOptions } from './verification-types';

/** One transaction waiting in a group commit, as telemetry sees it. */
export interface CommitWaiter {
  /** Its transaction's span (none for a query iterator's validation). */
  span?: TelemetrySpan;
  /** When it asked to commit (performance.now()). */
  queuedAt: number;
}

/** A group commit under way: its span and when it started (performance.now()). */
export interface GroupCommitWatch {
  span: TelemetrySpan;
  startedAt: number;
}

export class LedgerTelemetry {
  readonly logger: LedgerLogger;
  private readonly attributes: SpanAttributes;
  private readonly slowCommitMs: number;

  constructor(
    private readonly ledgerName: string,
    options: Pick<LedgerOptions, 'logger' | 'slowCommitMs'>,
  ) {
    this.logger = options.logger ?? SILENT_LOGGER;
    this.slowCommitMs = options.slowCommitMs ?? DEFAULT_SLOW_COMMIT_MS;
    this.attributes = { [ATTRIBUTE.ledgerName]: ledgerName };
  }

  /** Runs every attempt of one transaction in its span. */
  transaction<T>(work: (span: TelemetrySpan) => Promise<T>): Promise<T> {
    return traced(SPAN.transaction, () => this.attributes, work);
  }

  /** An attempt hit an OCC conflict and is retried after `delayMs`. */
  retrying(span: TelemetrySpan, retry: number, conflict: OccConflictError, delayMs: number): void {
    span.event(EVENT.retry, { [ATTRIBUTE.transactionRetries]: retry });
    this.logger.debug(`ledger ${JSON.stringify(this.ledgerName)}: OCC conflict on ${String(conflict.value)}; retry ${retry} in ${Math.round(delayMs)} ms`);
  }

  /** The transaction ended after `retries` retries, committing block `sequenceNo` if any. */
  settled(span: TelemetrySpan, retries: number, sequenceNo: number | undefined): void {
    if (span.recording) span.set({ [ATTRIBUTE.transactionRetries]: retries, ...(sequenceNo === undefined ? {} : { [ATTRIBUTE.blockSequenceNo]: sequenceNo }) });
  }

  /** The transaction gave up after its last retry. */
  gaveUp(span: TelemetrySpan, attempts: number, conflict: OccConflictError): void {
    this.settled(span, attempts - 1, undefined);
    this.logger.warn(`ledger ${JSON.stringify(this.ledgerName)}: transaction gave up after ${attempts} attempts, each in conflict (last on ${String(conflict.value)})`);
  }

  /**
   * A group commit starts. Its span is the root of a trace of its own, linked to the spans of the
   * transactions it writes (OpenTelemetry's pattern for batches): none of them is its parent.
   */
  commitStarted(): GroupCommitWatch {
    return { span: startSpan(SPAN.commit, () => this.attributes, { root: true }), startedAt: performance.now() };
  }

  /** A group commit ended: its figures on its span and in the metrics, a warning when it was slow. */
  commitEnded(watch: GroupCommitWatch, waiters: readonly CommitWaiter[], outcomes: readonly unknown[], blocks: number): void {
    const now = performance.now();
    const conflicts = outcomes.filter((outcome) => outcome instanceof OccConflictError).length;
    for (const [i, waiter] of waiters.entries()) {
      const failure = outcomes[i];
      recordCommitDuration((now - waiter.queuedAt) / 1000, failure === undefined ? this.attributes : { ...this.attributes, [ATTRIBUTE.errorType]: errorType(failure) });
    }
    countConflicts(conflicts, this.attributes);
    const { span } = watch;
    if (span.recording) {
      span.link(waiters.flatMap((waiter) => (waiter.span ? [waiter.span] : [])));
      span.set({ [ATTRIBUTE.commitBatchSize]: waiters.length, [ATTRIBUTE.commitBlocks]: blocks, [ATTRIBUTE.commitConflicts]: conflicts });
    }
    const elapsedMs = now - watch.startedAt;
    if (elapsedMs > this.slowCommitMs) {
      this.logger.warn(`ledger ${JSON.stringify(this.ledgerName)}: a commit of ${waiters.length} transactions (${blocks} blocks) took ${Math.round(elapsedMs)} ms (slowCommitMs ${this.slowCommitMs})`);
    }
    span.end();
  }

  /** A group commit's database transaction failed: every transaction of it fails. */
  commitFailed(watch: GroupCommitWatch, waiters: readonly CommitWaiter[], error: unknown): void {
    watch.span.fail(error);
    this.commitEnded(watch, waiters, waiters.map(() => error), 0);
    this.logger.error(`ledger ${JSON.stringify(this.ledgerName)}: a commit of ${waiters.length} transactions failed (${errorType(error)})`);
  }

  /** Runs a verification in its span; a failed one is logged as a warning with its problems' codes and blocks. */
  async verification(options: VerifyOptions, work: () => Promise<TrustedLedgerVerification>): Promise<TrustedLedgerVerification> {
    const trusted = options.trusted !== undefined || options.witness !== undefined;
    return traced(SPAN.verify, () => ({ ...this.attributes, [ATTRIBUTE.verifyTrusted]: trusted }), async (span) => {
      const result = await work();
      span.set({ [ATTRIBUTE.verifyValid]: result.valid, [ATTRIBUTE.verifyBlocks]: result.blocksVerified, [ATTRIBUTE.verifyProblems]: result.problems.length });
      if (!result.valid) {
        const problems = result.problems.map((p) => (p.sequenceNo === undefined ? p.code : `${p.code} at block ${p.sequenceNo}`));
        this.logger.warn(`ledger ${JSON.stringify(this.ledgerName)} failed verification after ${result.blocksVerified} blocks: ${problems.join(', ')}`);
      }
      return result;
    });
  }

  /** Runs a backup in its span, with the block it copied up to and the copy's size; a placed one is logged. */
  async backup(work: () => Promise<LedgerBackup>): Promise<LedgerBackup> {
    return traced(SPAN.backup, () => this.attributes, async (span) => {
      const backup = await work();
      const sequenceNo = backup.digest.digestTipAddress.sequenceNo;
      span.set({ [ATTRIBUTE.backupSequenceNo]: sequenceNo, [ATTRIBUTE.backupBytes]: backup.bytes });
      this.logger.log(`backed up ledger ${JSON.stringify(this.ledgerName)} at block ${sequenceNo} into ${backup.file} (${backup.bytes} bytes)`);
      return backup;
    });
  }

  /** Feeds the stream lag gauge with `lag()` (blocks the slowest live stream has not read) until the returned function is called. */
  observeStreamLag(lag: () => number): () => void {
    return observeLag('stream', (observe) => observe(lag(), this.attributes));
  }
}
