// What the function given to QldbDriver.executeLambda runs its statements with, as the QLDB driver's
// TransactionExecutor: statements in one ledger transaction, parameters converted as the driver sent
// them (ion-bridge.ts), one statement at a time even when the function starts several at once.
import type { Transaction } from '../engine';
import { LambdaAbortedError } from './errors';
import { domValue, parameterValue } from './ion-bridge';
import { Result } from './result';
import { ResultReadable } from './result-readable';
import { TimingInformation } from './statement-stats';

export class TransactionExecutor {
  private previous: Promise<unknown> = Promise.resolve();

  constructor(private readonly transaction: Transaction) {}

  /** Abandons the transaction: throws LambdaAbortedError at once, which executeLambda rethrows without retrying. */
  abort(): never {
    throw new LambdaAbortedError(this.transaction.transactionId);
  }

  /** Runs one statement, `parameters` (plain JavaScript or ion-js dom values) in the places of its `?`s; its values are buffered. */
  execute(statement: string, ...parameters: unknown[]): Promise<Result> {
    return this.inTurn(async () => {
      const values = parameters.map((parameter, index) => parameterValue(parameter, index + 1));
      const started = performance.now();
      const results = await this.transaction.executeStatement(statement, ...values);
      return new Result(results.map(domValue), new TimingInformation(performance.now() - started));
    });
  }

  /** Runs one statement; its values are produced as the returned stream is read (inside this transaction). */
  executeAndStreamResults(statement: string, ...parameters: unknown[]): Promise<ResultReadable> {
    return this.inTurn(async () => {
      const values = parameters.map((parameter, index) => parameterValue(parameter, index + 1));
      return new ResultReadable(this.transaction.iterateStatement(statement, ...values));
    });
  }

  /** The id of the transaction, which its block will carry. */
  getTransactionId(): string {
    return this.transaction.transactionId;
  }

  /** Runs `work` after every statement started before it has finished. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.previous.then(work);
    this.previous = turn.catch(() => undefined);
    return turn;
  }
}
