// The QLDB driver's retry configuration: how many retries follow a transaction's first attempt, and
// the backoff before each, called as (retryAttempt, error, transactionId) with retryAttempt from 1.
// The default is the drivers' jittered exponential backoff, random() * min(5000, 10 * 2^attempt) ms.
import { InvalidArgumentError } from '../errors';

/** Milliseconds to wait before retry `retryAttempt` (1 for the first retry); null or negative waits not at all. */
export type BackoffFunction = (retryAttempt: number, error: Error, transactionId: string) => number;

const SLEEP_BASE_MS = 10;
const SLEEP_CAP_MS = 5_000;

const defaultBackoffFunction: BackoffFunction = (retryAttempt) => Math.random() * Math.min(SLEEP_CAP_MS, SLEEP_BASE_MS * 2 ** retryAttempt);

export class RetryConfig {
  private readonly retryLimit: number;
  private readonly backoffFunction: BackoffFunction;

  /** `retryLimit`: retries after the first attempt (default 4, so at most 5 attempts). */
  constructor(retryLimit = 4, backoffFunction: BackoffFunction = defaultBackoffFunction) {
    if (!Number.isSafeInteger(retryLimit) || retryLimit < 0) {
      throw new InvalidArgumentError(`retryLimit must be a whole number of retries, 0 or more, not ${String(retryLimit)}`, retryLimit);
    }
    this.retryLimit = retryLimit;
    this.backoffFunction = backoffFunction;
  }

  getRetryLimit(): number {
    return this.retryLimit;
  }

  getBackoffFunction(): BackoffFunction {
    return this.backoffFunction;
  }
}

/** Four retries with the drivers' jittered exponential backoff. */
export const defaultRetryConfig = new RetryConfig();
