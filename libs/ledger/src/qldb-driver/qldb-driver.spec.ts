// QldbDriver's semantics, those of amazon-qldb-driver-nodejs 3.1.0, on a real ledger: retries
// counted after the first attempt with the backoff called as (retryAttempt, error, transactionId);
// the function's own errors, abort() and expired transactions never retried; the concurrency limit;
// close(); results and streams as ion-js dom values; parameters exact through Ion binary; the error
// predicates answering for this library's errors.
import { dom, IonTypes, load } from 'ion-js';
import { Ledger, OccConflictError, TableNotFoundError } from '../engine';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import { fromIon, IonTypeError } from '../ion';
import { PartiqlSyntaxError } from '../partiql';
import {
  DriverClosedError,
  isBadRequestException,
  isInvalidParameterException,
  isInvalidSessionException,
  isOccConflictException,
  isResourceNotFoundException,
  isTransactionExpiredException,
  LambdaAbortedError,
  LedgerNameMismatchError,
  QldbDriver,
  RetryConfig,
  SessionPoolEmptyError,
  type TransactionExecutor,
} from './index';

/** A latch a test opens when it chooses. */
function latch(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('QldbDriver', () => {
  let ledger: Ledger;
  let driver: QldbDriver;
  let accountId: string;

  beforeAll(async () => {
    ledger = await Ledger.open({ name: 'bank', storage: storageAt(tempLedgerPath('qldb-driver')) });
    driver = new QldbDriver('bank', ledger);
    await driver.executeLambda((txn) => txn.execute('CREATE TABLE Accounts'));
    const [inserted] = (await driver.executeLambda((txn) => txn.execute('INSERT INTO Accounts ?', { owner: 'ada', balance: 10 }))).getResultList();
    accountId = inserted.get('documentId')!.stringValue()!;
  });
  afterAll(async () => {
    await driver.close();
    await ledger.close();
    await removeTempLedgers();
  });

  /** Reads the account, has another transaction change it, then writes: this commit conflicts, every attempt. */
  async function conflictingRead(txn: TransactionExecutor): Promise<void> {
    await txn.execute('SELECT balance FROM Accounts BY id WHERE id = ?', accountId);
    await ledger.execute((tx) => tx.executeStatement('UPDATE Accounts AS a BY id SET a.balance = a.balance + 1 WHERE id = ?', accountId));
    await txn.execute('UPDATE Accounts AS a BY id SET a.audited = true WHERE id = ?', accountId);
  }

  describe('retries', () => {
    it('retries an OCC conflict retryLimit times after the first attempt, calling the backoff with (retryAttempt, error, transactionId)', async () => {
      const transactionIds: string[] = [];
      const backoffCalls: Array<[number, boolean, string]> = [];
      const retryConfig = new RetryConfig(3, (retryAttempt, error, transactionId) => {
        backoffCalls.push([retryAttempt, isOccConflictException(error), transactionId]);
        return 0;
      });
      const attempt = (txn: TransactionExecutor) => {
        transactionIds.push(txn.getTransactionId());
        return conflictingRead(txn);
      };
      const failure = await driver.executeLambda(attempt, retryConfig).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(OccConflictError);
      expect(transactionIds).toHaveLength(4);
      expect(backoffCalls).toEqual([1, 2, 3].map((n) => [n, true, transactionIds[n - 1]]));
    });

    it('succeeds on the attempt after a conflict, and uses the driver’s retry config when executeLambda gives none', async () => {
      let attempts = 0;
      const backoffs: number[] = [];
      const retrying = new QldbDriver('bank', ledger, {}, 0, new RetryConfig(2, (retryAttempt) => (backoffs.push(retryAttempt), -5)));
      const balance = await retrying.executeLambda(async (txn) => {
        if (++attempts === 1) await conflictingRead(txn);
        return (await txn.execute('SELECT VALUE balance FROM Accounts BY id WHERE id = ?', accountId)).getResultList()[0].numberValue();
      });
      expect([attempts, backoffs, typeof balance]).toEqual([2, [1], 'number']);
    });

    it('a retry limit of 0 makes one attempt only', async () => {
      let attempts = 0;
      const failure = await driver.executeLambda((txn) => (attempts++, conflictingRead(txn)), new RetryConfig(0)).catch((error: unknown) => error);
      expect([isOccConflictException(failure), attempts]).toEqual([true, 1]);
    });

    it('rethrows the function’s own error at once, nothing written', async () => {
      let attempts = 0;
      const own = new Error('insufficient funds');
      const failure = await driver
        .executeLambda(async (txn) => {
          attempts++;
          await txn.execute("UPDATE Accounts SET owner = 'mallory'");
          throw own;
        })
        .catch((error: unknown) => error);
      expect([failure, attempts]).toEqual([own, 1]);
      expect(await ledger.query("SELECT VALUE owner FROM Accounts")).toEqual(['ada']);
    });

    it('abort() throws LambdaAbortedError synchronously; executeLambda rethrows it without retrying, nothing written', async () => {
      let attempts = 0;
      let thrownSynchronously = false;
      const failure = await driver
        .executeLambda(async (txn) => {
          attempts++;
          await txn.execute("UPDATE Accounts SET owner = 'mallory'");
          try {
            txn.abort();
          } catch (error) {
            thrownSynchronously = error instanceof LambdaAbortedError;
            throw error;
          }
        })
        .catch((error: unknown) => error);
      expect([failure instanceof LambdaAbortedError, thrownSynchronously, attempts]).toEqual([true, true, 1]);
      expect(await ledger.query('SELECT VALUE owner FROM Accounts')).toEqual(['ada']);
    });

    it('an expired transaction (past limits.transactionMs) is not retried, and answers isTransactionExpiredException', async () => {
      const short = await Ledger.open({ name: 'short', storage: storageAt(tempLedgerPath('short')), limits: { transactionMs: 1 } });
      const shortDriver = new QldbDriver('short', short);
      let attempts = 0;
      const failure = await shortDriver
        .executeLambda(async (txn) => {
          attempts++;
          await txn.execute('CREATE TABLE T');
          const started = Date.now();
          while (Date.now() <= started + 2); // the clock moves past the limit
        })
        .catch((error: unknown) => error);
      expect([isTransactionExpiredException(failure), isInvalidSessionException(failure), isOccConflictException(failure), attempts]).toEqual([true, true, false, 1]);
      await short.close();
    });
  });

  describe('the driver’s life', () => {
    it('refuses executeLambda beyond maxConcurrentTransactions with SessionPoolEmptyError, not queued', async () => {
      const limited = new QldbDriver('bank', ledger, {}, 1);
      const inside = latch();
      const release = latch();
      const first = limited.executeLambda(async (txn) => {
        inside.open();
        await release.opened;
        return (await txn.execute('SELECT VALUE owner FROM Accounts')).getResultList()[0].stringValue();
      });
      await inside.opened;
      await expect(limited.executeLambda(async () => 'second')).rejects.toBeInstanceOf(SessionPoolEmptyError);
      release.open();
      expect(await first).toBe('ada');
      expect(await limited.executeLambda(async () => 'third')).toBe('third');
    });

    it('refuses a negative or fractional maxConcurrentTransactions, and a ledger of another name', async () => {
      expect(() => new QldbDriver('bank', ledger, {}, -1)).toThrow(/maxConcurrentTransactions must be a whole number, 0 \(no limit\) or more, not -1/);
      expect(() => new RetryConfig(-1)).toThrow(/retryLimit must be a whole number of retries, 0 or more, not -1/);
      const failure = await new QldbDriver('vehicles', ledger).executeLambda(async () => 1).catch((error: unknown) => error);
      expect([failure instanceof LedgerNameMismatchError, isResourceNotFoundException(failure)]).toEqual([true, true]);
    });

    it('opens its own ledger from ledger options, and close() closes it; executeLambda after close() throws DriverClosedError', async () => {
      const path = tempLedgerPath('own');
      const own = new QldbDriver('own', { storage: storageAt(path) });
      await own.executeLambda((txn) => txn.execute('CREATE TABLE Things'));
      expect(await own.getTableNames()).toEqual(['Things']);
      await own.close();
      await expect(own.executeLambda(async () => 1)).rejects.toBeInstanceOf(DriverClosedError);
      const reopened = await Ledger.open({ name: 'own', storage: storageAt(path) });
      expect(await reopened.query('SELECT VALUE name FROM information_schema.user_tables')).toEqual(['Things']);
      await reopened.close();
    });
  });

  describe('values', () => {
    const EXACT = [
      '18446744073709551617',
      '-0.',
      '1.500d-3',
      '2020-02-02',
      '2020-02-02T10:11:12+05:30',
      '2020-02-02T10:11:12.120-00:00',
      '-0e0',
      '+inf',
      'null.timestamp',
      "'a symbol'",
      '{{ "clob" }}',
      'usd::{{ AQID }}',
      '()',
      'tag::[]',
      '(a 1 "b")',
      '{a: 1, a: 2}',
      'money::{amount: 12.50, at: d::2021T}',
    ];

    it.each(EXACT)('%s as an ion-js dom parameter is stored as exactly that Ion value, and reads back equal', async (text) => {
      const parameter = dom.load(text)!;
      const [stored] = (
        await driver.executeLambda(async (txn) => {
          const [{ documentId }] = await Promise.all([txn.execute('INSERT INTO Accounts ?', { owner: 'values', v: parameter })]).then(([result]) => [
            { documentId: result.getResultList()[0].get('documentId')!.stringValue()! },
          ]);
          return txn.execute('SELECT VALUE a.v FROM Accounts AS a BY id WHERE id = ?', documentId);
        })
      ).getResultList();
      expect(stored.ionEquals(parameter, { epsilon: null })).toBe(true);
      const [raw] = await ledger.query("SELECT VALUE a.v FROM Accounts AS a WHERE a.owner = 'values'");
      expect(raw).toEqual(fromIon(text));
      await ledger.query("DELETE FROM Accounts AS a WHERE a.owner = 'values'");
    });

    it('plain JavaScript parameters go in as the driver wrote them: 2**60 as that int, Dates as millisecond timestamps, 3.2 as a float', async () => {
      const [row] = (
        await driver.executeLambda(async (txn) => {
          await txn.execute('INSERT INTO Accounts ?', { owner: 'plain', big: 2 ** 60, huge: 10n ** 30n, stamp: new Date('2016-12-20'), rate: 3.2 });
          return txn.execute("SELECT a.big, a.huge, a.stamp, a.rate FROM Accounts AS a WHERE a.owner = 'plain'");
        })
      ).getResultList();
      expect(row.ionEquals(load('{big: 1152921504606846976, huge: 1000000000000000000000000000000, stamp: 2016-12-20T00:00:00.000Z, rate: 3.2e0}')!)).toBe(true);
      await ledger.query("DELETE FROM Accounts AS a WHERE a.owner = 'plain'");
    });

    it('refuses a parameter that is no Ion value with IonTypeError naming it, nothing written', async () => {
      const failure = await driver.executeLambda((txn) => txn.execute('INSERT INTO Accounts ?', undefined)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(IonTypeError);
      expect((failure as Error).message).toMatch(/^parameter 1 \(undefined\) cannot be written as Ion/);
      expect(isBadRequestException(failure)).toBe(true);
      expect(await ledger.query('SELECT VALUE owner FROM Accounts')).toEqual(['ada']);
    });

    it('Result: dom values, timing, no read IOs; getTransactionId is the id its block carries', async () => {
      const { result, transactionId } = await driver.executeLambda(async (txn) => ({
        result: await txn.execute("UPDATE Accounts AS a SET a.note = 'seen' WHERE a.owner = 'ada'"),
        transactionId: txn.getTransactionId(),
      }));
      expect(result.getResultList()[0].getType()).toBe(IonTypes.STRUCT);
      expect(result.getConsumedIOs()).toBeNull();
      expect(result.getTimingInformation().getProcessingTimeMilliseconds()).toBeGreaterThanOrEqual(0);
      expect(await ledger.query('SELECT VALUE c.metadata.txId FROM _ql_committed_Accounts AS c')).toEqual([transactionId]);
    });

    it('executeAndStreamResults: a Readable of dom values, read inside the transaction', async () => {
      await driver.executeLambda(async (txn) => {
        for (let i = 0; i < 40; i++) await txn.execute('INSERT INTO Accounts ?', { owner: `stream-${i}`, balance: i });
      });
      const balances = await driver.executeLambda(async (txn) => {
        const readable = await txn.executeAndStreamResults("SELECT VALUE a.balance FROM Accounts AS a WHERE a.owner LIKE 'stream-%'");
        const values: number[] = [];
        for await (const value of readable as AsyncIterable<dom.Value>) values.push(value.numberValue()!);
        expect(readable.getConsumedIOs()).toBeNull();
        return values;
      });
      expect(balances.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      await ledger.query("DELETE FROM Accounts AS a WHERE a.owner LIKE 'stream-%'");
    });
  });

  describe('error predicates', () => {
    it('answer for this library’s errors', async () => {
      const syntax = await driver.executeLambda((txn) => txn.execute('SELEC 1')).catch((error: unknown) => error);
      const missing = await driver.executeLambda((txn) => txn.execute('SELECT * FROM Nowhere')).catch((error: unknown) => error);
      expect([syntax instanceof PartiqlSyntaxError, isBadRequestException(syntax), isOccConflictException(syntax)]).toEqual([true, true, false]);
      expect([missing instanceof TableNotFoundError, isBadRequestException(missing), isInvalidParameterException(missing)]).toEqual([true, true, false]);
      expect(isOccConflictException(new OccConflictError('x'))).toBe(true);
      expect([isOccConflictException(new Error('OCC')), isBadRequestException(null), isInvalidSessionException('x')]).toEqual([false, false, false]);
    });
  });
});
