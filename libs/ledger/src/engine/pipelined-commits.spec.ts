// Commits pipelined through SQLite's write thread (storage.writerThread): what each caller is told
// matches what the file holds, when a batch is refused by the database, when another writer moves
// the tip under a pipelined batch, when the thread ends with commits outstanding, and when
// transactions read documents that batches still in flight write.
import { readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { InvalidArgumentError, LedgerError } from '../errors';
import { StorageError, type SqlStorage } from '../storage';
import { onWriteThreadStarted } from '../storage/sqlite/sqlite-write-thread';
import { CATALOG_TABLE_ID } from './catalog';
import { OccConflictError } from './errors';
import { Ledger } from './ledger';
import { rawQuery, tempFilePath, testStorage } from './test-storage.fixture';
import { removeTempLedgers } from './test-ledger.fixture';

afterAll(() => removeTempLedgers());
afterEach(() => onWriteThreadStarted(undefined));

const onSqlite = testStorage.type === 'sqlite' ? describe : describe.skip;

function openThreaded(database: string): Promise<Ledger> {
  return Ledger.open({ name: 'pipelined', storage: { type: 'sqlite', database, writerThread: true } });
}

/** A ledger with table Payment, whose callers have committed together once: the next commits of several callers at once are pipelined. */
async function withTable(database: string): Promise<Ledger> {
  const ledger = await openThreaded(database);
  await ledger.execute((tx) => tx.createTable('Payment'));
  await concurrentInserts(ledger, 4);
  return ledger;
}

/** Every document of table Payment, by id, as the file holds it. */
async function storedIds(database: string): Promise<Set<string>> {
  return new Set((await rawQuery<{ id: string }>(database, 'SELECT document_id AS id FROM ledger_document WHERE table_id <> ?', [CATALOG_TABLE_ID])).map((row) => row.id));
}

/** Terminates the thread right after the first request is sent to it: that request, and those after it, are never answered. */
function endAfterFirstRequest(worker: Worker): void {
  const post = worker.postMessage.bind(worker);
  worker.postMessage = (message: unknown) => {
    post(message);
    worker.postMessage = post;
    void worker.terminate();
  };
}

/** Runs `count` inserts from as many concurrent callers; each outcome in the order given. */
function concurrentInserts(ledger: Ledger, count: number, data: (i: number) => Record<string, string | number> = (i) => ({ n: i })) {
  return Promise.allSettled(Array.from({ length: count }, (_, i) => ledger.execute((tx) => tx.insert('Payment', data(i)))));
}

onSqlite('pipelined commits (storage.writerThread)', () => {
  it('acknowledge each commit once it is in the file: each caller reads its own commit at once, and the journal verifies', async () => {
    const database = tempFilePath('concurrent.ledger');
    const ledger = await withTable(database);
    const callers = Array.from({ length: 32 }, async (_, caller) => {
      for (let i = 0; i < 10; i++) {
        const id = await ledger.execute((tx) => tx.insert('Payment', { caller, i }));
        expect(await ledger.execute((tx) => tx.get('Payment', id))).toMatchObject({ documentId: id, data: { caller, i } });
      }
    });
    await Promise.all(callers);
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
    expect((await storedIds(database)).size).toBe(4 + 320);
  });

  it('fail every commit of a batch the database refuses, build the batches behind it again, and store exactly what was acknowledged', async () => {
    const database = tempFilePath('refused.ledger');
    const ledger = await withTable(database);
    await rawQuery(
      database,
      "CREATE TRIGGER refuse_poison BEFORE INSERT ON ledger_document WHEN instr(NEW.data, CAST('POISON' AS BLOB)) > 0 BEGIN SELECT RAISE(ABORT, 'a poisoned document'); END",
    );
    // The poisoned commit is the first queued, so it is in the first batch sent, and the others in batches chained behind it.
    const outcomes = await concurrentInserts(ledger, 40, (i): Record<string, string | number> => (i === 0 ? { n: i, mark: 'POISON' } : { n: i }));
    const poisoned = outcomes[0];
    expect(poisoned.status).toBe('rejected');
    const failure = (poisoned as PromiseRejectedResult).reason;
    expect(failure).toBeInstanceOf(StorageError);
    expect(failure.message).toContain('a poisoned document');
    const acknowledged = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value as string] : []));
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBe(failure); // the refused batch's commits, and none other
    expect(acknowledged.length).toBeGreaterThan(0); // batches behind the refused one failed their tip check, and were built again
    expect((await ledger.verify()).valid).toBe(true);
    const later = await ledger.execute((tx) => tx.insert('Payment', { n: 'after' }));
    await ledger.close();
    const stored = await storedIds(database);
    expect(stored.size).toBe(4 + acknowledged.length + 1);
    for (const id of [...acknowledged, later]) expect(stored.has(id)).toBe(true);
  });

  it('build a batch again when another writer moved the tip under it: the tip check refuses it, and it commits after the other block', async () => {
    const database = tempFilePath('tip-moved.ledger');
    const threaded = await withTable(database);
    await concurrentInserts(threaded, 10); // pipelined batches committed: the tip is trusted, and the next batches are pipelined on it
    const other = await Ledger.open({ name: 'pipelined', storage: { type: 'sqlite', database } });
    const othersId = await other.execute((tx) => tx.insert('Payment', { n: 'other' }));
    const [othersBlock] = await rawQuery<{ sequenceNo: number }>(database, 'SELECT MAX(sequence_no) AS sequenceNo FROM journal_block');
    const outcomes = await concurrentInserts(threaded, 10);
    const ids = outcomes.map((o) => (o as PromiseFulfilledResult<string>).value);
    expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
    const rows = await rawQuery<{ sequenceNo: number }>(database, `SELECT sequence_no AS sequenceNo FROM journal_revision WHERE document_id IN (${ids.map(() => '?').join(', ')})`, ids);
    expect(Math.min(...rows.map((row) => row.sequenceNo))).toBe(othersBlock.sequenceNo + 1);
    expect((await threaded.verify()).valid).toBe(true);
    await other.close();
    await threaded.close();
    const stored = await storedIds(database);
    expect(stored.size).toBe(4 + 10 + 1 + 10);
    for (const id of [othersId, ...ids]) expect(stored.has(id)).toBe(true);
  });

  it('fail the commits a write thread that ended had not answered with a StorageError, leave no partial block, and write on with a new thread', async () => {
    const database = tempFilePath('thread-ended.ledger');
    const ledger = await withTable(database);
    const threads: Worker[] = [];
    onWriteThreadStarted((worker) => {
      threads.push(worker);
      if (threads.length === 1) endAfterFirstRequest(worker);
    });
    const outcomes = await concurrentInserts(ledger, 20);
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(failures.length).toBeGreaterThan(0); // terminated before it could run anything: the first batch is never answered
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(StorageError);
      expect(failure.message).toMatch(/write thread .* ended .*may or may not be on disk/);
    }
    const acknowledged = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value as string] : []));
    const later = [...(await concurrentInserts(ledger, 20)), ...(await concurrentInserts(ledger, 20))]; // the first burst reads the tip again, the second is pipelined
    expect(later.every((o) => o.status === 'fulfilled')).toBe(true);
    expect(threads.length).toBe(2);
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
    const stored = await storedIds(database);
    for (const id of [...acknowledged, ...later.map((o) => (o as PromiseFulfilledResult<string>).value)]) expect(stored.has(id)).toBe(true);
    expect(stored.size).toBeLessThanOrEqual(4 + acknowledged.length + failures.length + later.length); // a failed commit may be in the file (its answer was lost), never anything else
  });

  it('check reads of documents against the batches in flight: concurrent read-modify-writes lose no update', async () => {
    const database = tempFilePath('counters.ledger');
    const ledger = await withTable(database);
    const counters = await Promise.all([0, 1, 2, 3].map(() => ledger.execute((tx) => tx.insert('Payment', { n: 0 }))));
    const increments = counters.map(() => 0);
    const pipelinedBefore = ledger.commitStats.pipelined;
    const increment = async (counter: number) => {
      const id = counters[counter];
      await ledger.execute(
        async (tx) => {
          const { data } = (await tx.get('Payment', id))!;
          await tx.update('Payment', id, { n: (data.n as number) + 1 });
        },
        { retry: { maxRetries: 0 } },
      );
      increments[counter]++;
    };
    const conflicts: unknown[] = [];
    const callers = Array.from({ length: 32 }, async (_, caller) => {
      for (let i = 0; i < 10; i++) await increment(caller % 4).catch((error: unknown) => conflicts.push(error));
    });
    await Promise.all(callers);
    for (const conflict of conflicts) expect(conflict).toBeInstanceOf(OccConflictError);
    expect(ledger.commitStats.pipelined).toBeGreaterThan(pipelinedBefore); // transactions that read documents were pipelined
    const stored = await Promise.all(counters.map((id) => ledger.execute(async (tx) => (await tx.get('Payment', id))!.data.n)));
    expect(stored).toEqual(increments); // every acknowledged increment, and no other, is in the counter
    expect(increments.reduce((a, b) => a + b) + conflicts.length).toBe(320);
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
  });

  it('fail the commits of a batch whose read of the stored state fails with a StorageError, write none of them, and commit on', async () => {
    const database = tempFilePath('read-fails.ledger');
    const ledger = await withTable(database);
    const ids = (await concurrentInserts(ledger, 8)).map((o) => (o as PromiseFulfilledResult<string>).value);
    const storage = (ledger as unknown as { storage: SqlStorage }).storage;
    const read = storage.read.bind(storage);
    let failures = 1;
    storage.read = (work, options) =>
      read(
        (query) =>
          work((sql, parameters, name) => (sql.includes('sequence_no AS s FROM ledger_document') && failures-- > 0 ? Promise.reject(new Error('the disk is gone')) : query(sql, parameters, name))),
        options,
      );
    const outcomes = await Promise.allSettled(ids.map((id, i) => ledger.execute((tx) => tx.update('Payment', id, { n: i, updated: true }), { retry: { maxRetries: 0 } })));
    storage.read = read;
    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(failed.length).toBeGreaterThan(0); // the first pipelined batch's read failed
    for (const failure of failed) {
      expect(failure).toBeInstanceOf(StorageError);
      expect(failure.message).toContain('the disk is gone');
    }
    const updated = await ledger.execute(async (tx) => Promise.all(ids.map(async (id) => (await tx.get('Payment', id))!.data.updated === true)));
    expect(updated.filter((done) => done).length).toBe(ids.length - failed.length); // exactly the acknowledged updates
    expect((await concurrentInserts(ledger, 8)).every((o) => o.status === 'fulfilled')).toBe(true);
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
  });

  it('let one of two pipelined inserts of the same chosen id commit, and refuse the other', async () => {
    const database = tempFilePath('same-id.ledger');
    const ledger = await withTable(database);
    const id = 'Aaaaaaaaaaaaaaaaaaaaa1';
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, caller) => ledger.execute((tx) => tx.insertWithId('Payment', id, { caller }), { retry: { maxRetries: 0 } })),
    );
    const winners = outcomes.flatMap((o, caller) => (o.status === 'fulfilled' ? [caller] : []));
    expect(winners).toHaveLength(1);
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    for (const refusal of refusals) expect(refusal instanceof OccConflictError || refusal instanceof InvalidArgumentError).toBe(true); // read it absent while the winner was in flight, or read it taken
    expect(await ledger.execute(async (tx) => (await tx.get('Payment', id))!.data.caller)).toBe(winners[0]);
    await ledger.close();
    const revisions = await rawQuery<{ count: number }>(database, 'SELECT COUNT(*) AS count FROM journal_revision WHERE document_id = ?', [id]);
    expect(revisions[0].count).toBe(1);
  });

  it('check index lookups and table scans against the batches in flight: a value kept unique by a lookup, and a count kept exact by a scan', async () => {
    const database = tempFilePath('lookups.ledger');
    const ledger = await withTable(database);
    await ledger.execute((tx) => {
      tx.createTable('Holder');
      tx.createIndex('Holder', 'name');
      tx.createTable('Ticket');
    });
    await ledger.execute((tx) => tx.insert('Holder', { name: 'first' }));
    await concurrentInserts(ledger, 8);
    const pipelinedBefore = ledger.commitStats.pipelined;
    const once = { retry: { maxRetries: 0 } };
    const claimName = (name: string) =>
      ledger.execute(async (tx) => {
        if ((await tx.find('Holder', { name })).length) return 'taken';
        tx.insert('Holder', { name });
        return 'claimed';
      }, once);
    const takeTicket = () =>
      ledger.execute(async (tx) => {
        const number = (await tx.scan('Ticket')).length;
        tx.insert('Ticket', { number });
        return number;
      }, once);
    const outcomes = await Promise.allSettled(Array.from({ length: 32 }, (_, caller) => (caller % 2 ? claimName(`name ${caller % 4}`) : takeTicket())));
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(OccConflictError);
    expect(ledger.commitStats.pipelined).toBeGreaterThan(pipelinedBefore);
    const holders = await ledger.execute(async (tx) => (await tx.scan('Holder')).map((doc) => doc.data.name));
    expect(holders.length).toBe(new Set(holders).size); // no name claimed twice
    const tickets = await ledger.execute(async (tx) => (await tx.scan('Ticket')).map((doc) => doc.data.number as number));
    expect(tickets.sort((a, b) => a - b)).toEqual(tickets.map((_, i) => i)); // each ticket numbered by the tickets before it
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
  });

  it('check index range lookups against the batches in flight: bookings found free by a range stay apart', async () => {
    const database = tempFilePath('ranges.ledger');
    const ledger = await withTable(database);
    await ledger.execute((tx) => {
      tx.createTable('Booking');
      tx.createIndex('Booking', 'start');
    });
    await concurrentInserts(ledger, 8);
    const pipelinedBefore = ledger.commitStats.pipelined;
    const book = (start: number) =>
      ledger.execute(
        async (tx) => {
          const near = await tx.findInRange('Booking', 'start', { lower: { value: start - 1, inclusive: true }, upper: { value: start + 1, inclusive: true } });
          if (near.length) return 'taken';
          tx.insert('Booking', { start });
          return 'booked';
        },
        { retry: { maxRetries: 0 } },
      );
    const outcomes = await Promise.allSettled(Array.from({ length: 32 }, (_, caller) => book(caller % 12)));
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(OccConflictError);
    expect(ledger.commitStats.pipelined).toBeGreaterThan(pipelinedBefore);
    const starts = (await ledger.execute((tx) => tx.scan('Booking'))).map((doc) => doc.data.start as number).sort((a, b) => a - b);
    expect(starts.length).toBeGreaterThan(0);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(2); // no two bookings within a range either found free
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
  });

  it('unlock an encrypted file on the thread with its key: pipelined commits are encrypted at rest as any', async () => {
    const database = tempFilePath('encrypted.ledger');
    const storage = { type: 'sqlite' as const, database, writerThread: true, encryption: { key: 'a passphrase of the test' } };
    const ledger = await Ledger.open({ name: 'pipelined', storage });
    await ledger.execute((tx) => tx.createTable('Payment'));
    await concurrentInserts(ledger, 4);
    const outcomes = await concurrentInserts(ledger, 20, (i) => ({ n: i, owner: 'PLAINTEXT-MARKER' }));
    expect(outcomes.every((o) => o.status === 'fulfilled')).toBe(true);
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
    expect(readFileSync(database).includes('PLAINTEXT-MARKER')).toBe(false);
    const reopened = await Ledger.open({ name: 'pipelined', storage: { type: 'sqlite', database, encryption: { key: 'a passphrase of the test' } } });
    expect(await reopened.execute(async (tx) => (await tx.find('Payment', { owner: 'PLAINTEXT-MARKER' })).length)).toBe(20);
    await reopened.close();
  });

  it('refuse a writerThread that is not a boolean, and one for an in-memory database, before anything is opened', async () => {
    const refusal = (storage: object) => Ledger.open({ name: 'pipelined', storage: storage as never }).then(() => undefined, (error: unknown) => error);
    const notBoolean = await refusal({ type: 'sqlite', database: tempFilePath('option.ledger'), writerThread: 'yes' });
    expect(notBoolean).toBeInstanceOf(InvalidArgumentError);
    expect((notBoolean as LedgerError).message).toBe('options.storage.writerThread must be true or false, not "yes"');
    const inMemory = await refusal({ type: 'sqlite', database: ':memory:', writerThread: true });
    expect(inMemory).toBeInstanceOf(InvalidArgumentError);
    expect((inMemory as LedgerError).message).toContain('writerThread needs a file');
  });
});
