// The QLDB driver's QldbDriver over a ledger of this library: code written for
// amazon-qldb-driver-nodejs 3.x runs with its import changed and, where the driver took AWS client
// options, this library's ledger options (or an open Ledger). Semantics follow driver 3.1.0: at most
// maxConcurrentTransactions transactions at once (SessionPoolEmptyError beyond, never queued); a
// transaction that hits an OCC conflict is retried whole up to the retry limit (retries after the
// first attempt), waiting the backoff (retryAttempt, error, transactionId) before each; every other
// error, the function's own and LambdaAbortedError included, and an expired transaction, is rethrown
// at once. What has no meaning here (sessions, HTTP options) is listed in docs/qldb-migration.md.
import { InvalidArgumentError } from '../errors';
import { Ledger, OccConflictError, type LedgerOptions } from '../engine';
import { DriverClosedError, LedgerNameMismatchError, SessionPoolEmptyError } from './errors';
import { isOccConflictException } from './error-predicates';
import { defaultRetryConfig, type RetryConfig } from './retry-config';
import { TransactionExecutor } from './transaction-executor';

/** Where the QLDB driver took AWS client options: the ledger's options (its name is the driver's first argument), or a ledger already open. */
export type QldbDriverLedger = Omit<LedgerOptions, 'name'> | Ledger;

/** The driver's HTTP options: accepted so existing calls compile, and ignored (no HTTP here). */
export type QldbDriverHttpOptions = Record<string, unknown>;

const TABLE_NAMES = "SELECT name FROM information_schema.user_tables WHERE status = 'ACTIVE'";

export class QldbDriver {
  private readonly ledger: Promise<Ledger>;
  private readonly ownsLedger: boolean;
  private running = 0;
  private closed = false;

  /**
   * `maxConcurrentTransactions`: how many executeLambda calls may run at once (0, the default: no
   * limit). `retryConfig`: the retries of every executeLambda that gives none of its own.
   */
  constructor(
    private readonly ledgerName: string,
    ledger: QldbDriverLedger,
    _httpOptions: QldbDriverHttpOptions = {},
    private readonly maxConcurrentTransactions = 0,
    private readonly retryConfig: RetryConfig = defaultRetryConfig,
  ) {
    if (!Number.isSafeInteger(maxConcurrentTransactions) || maxConcurrentTransactions < 0) {
      throw new InvalidArgumentError(
        `maxConcurrentTransactions must be a whole number, 0 (no limit) or more, not ${String(maxConcurrentTransactions)}`,
        maxConcurrentTransactions,
      );
    }
    this.ownsLedger = !(ledger instanceof Ledger);
    this.ledger = ledger instanceof Ledger ? this.checkName(ledger) : Ledger.open({ ...ledger, name: ledgerName });
    this.ledger.catch(() => undefined); // reported by the first executeLambda
  }

  /**
   * Runs `transactionLambda` in one transaction and commits it; returns what it returned. A commit
   * refused by an OCC conflict runs the whole function again, up to the retry limit.
   */
  async executeLambda<T>(transactionLambda: (txn: TransactionExecutor) => Promise<T>, retryConfig?: RetryConfig): Promise<T> {
    if (this.closed) throw new DriverClosedError(this.ledgerName);
    const retries = retryConfig ?? this.retryConfig;
    for (let retryAttempt = 1; ; retryAttempt++) {
      const attempt: { transactionId?: string } = {};
      try {
        return await this.inSlot(() => this.attempt(transactionLambda, attempt));
      } catch (error) {
        if (!isOccConflictException(error) || retryAttempt > retries.getRetryLimit()) throw error;
        const delay = retries.getBackoffFunction()(retryAttempt, error as Error, attempt.transactionId!);
        await new Promise((resolve) => setTimeout(resolve, delay == null || delay < 0 ? 0 : delay));
      }
    }
  }

  /** The names of the ledger's active tables. */
  async getTableNames(): Promise<string[]> {
    return this.executeLambda(async (txn) => (await txn.execute(TABLE_NAMES)).getResultList().map((row) => row.get('name')!.stringValue()!));
  }

  /** Refuses further executeLambda calls; closes the ledger when the driver opened it from options. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.ownsLedger) await (await this.ledger.catch(() => undefined))?.close();
  }

  /** One attempt, in a ledger transaction that does not retry by itself. */
  private async attempt<T>(transactionLambda: (txn: TransactionExecutor) => Promise<T>, attempt: { transactionId?: string }): Promise<T> {
    const ledger = await this.ledger;
    try {
      return await ledger.execute(
        (tx) => {
          attempt.transactionId = tx.transactionId;
          return transactionLambda(new TransactionExecutor(tx));
        },
        { retry: { maxRetries: 0 } },
      );
    } catch (error) {
      // The ledger's own message counts its attempts; the driver counts retries itself.
      throw error instanceof OccConflictError ? new OccConflictError(String(error.value)) : error;
    }
  }

  /** Runs `work` in one of the maxConcurrentTransactions slots, refusing when none is free. */
  private async inSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.maxConcurrentTransactions > 0 && this.running >= this.maxConcurrentTransactions) {
      throw new SessionPoolEmptyError(this.maxConcurrentTransactions);
    }
    this.running++;
    try {
      return await work();
    } finally {
      this.running--;
    }
  }

  private async checkName(ledger: Ledger): Promise<Ledger> {
    if (ledger.name !== this.ledgerName) throw new LedgerNameMismatchError(this.ledgerName, ledger.name);
    return ledger;
  }
}
