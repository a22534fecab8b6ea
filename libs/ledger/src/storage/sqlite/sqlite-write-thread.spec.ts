// The write thread of an SQLite ledger file (storage.writerThread), under the storage: a transaction
// the thread held when it ended is never continued on a new one, a read begun before a commit landed
// takes no new readers, blobs read on the thread come back as Buffers, and a write that finds the
// thread idle runs on the calling thread's connection (no thread is started for it).
import type { Worker } from 'node:worker_threads';
import { removeTempLedgers } from '../../engine/test-ledger.fixture';
import { tempFilePath } from '../../engine/test-storage.fixture';
import type { SqlQuery } from '../sql-storage';
import { StorageError } from '../storage.error';
import { SqliteStorage } from './sqlite-storage';
import { onWriteThreadStarted } from './sqlite-write-thread';

afterAll(removeTempLedgers);
afterEach(() => onWriteThreadStarted(undefined));

async function threadedStorage(name: string): Promise<SqliteStorage> {
  const storage = await SqliteStorage.open({ type: 'sqlite', database: tempFilePath(`${name}.ledger`), writerThread: true });
  await storage.write((query) => query('CREATE TABLE payment (n INTEGER NOT NULL)'));
  return storage;
}

/** A promise and the function that resolves it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** A tip the empty journal does not have: a batch expecting it is refused by its tip check, writing nothing. */
const NO_SUCH_TIP = { sequenceNo: 7, blockHash: new Uint8Array(32) };

/**
 * A write transaction run on the thread: sent while a batch sent before it is unanswered (a write
 * finding the thread idle runs on the calling thread's connection).
 */
function writeOnThread<T>(storage: SqliteStorage, work: (query: SqlQuery) => Promise<T>): Promise<T> {
  void storage.pipeline!(NO_SUCH_TIP, []).catch(() => undefined);
  return storage.write(work);
}

async function count(storage: SqliteStorage): Promise<number> {
  const [row] = await storage.read((query) => query<{ n: number }>('SELECT COUNT(*) AS n FROM payment'));
  return row.n;
}

describe('the write thread of an SQLite ledger file', () => {
  it('fails the rest of a transaction whose thread ended, writes none of it, and writes on with a new thread', async () => {
    const threads: Worker[] = [];
    onWriteThreadStarted((worker) => threads.push(worker));
    const storage = await threadedStorage('ended');
    try {
      const held = gate();
      const inserted = gate();
      const transaction = writeOnThread(storage, async (query) => {
        await query('INSERT INTO payment (n) VALUES (1)');
        inserted.open();
        await held.opened;
        await query('INSERT INTO payment (n) VALUES (2)');
      });
      await inserted.opened;
      await threads[0].terminate();
      held.open();
      const failure = await transaction.then(() => undefined, (error: unknown) => error);
      expect(failure).toBeInstanceOf(StorageError);
      expect((failure as StorageError).message).toMatch(/^the write thread of the sqlite ledger at .* ended \(.*\): a commit it was writing may or may not be on disk/);
      expect(await count(storage)).toBe(0);
      await writeOnThread(storage, (query) => query('INSERT INTO payment (n) VALUES (3)'));
      expect(threads.length).toBe(2);
      expect(await count(storage)).toBe(1);
    } finally {
      await storage.close();
    }
  });

  it('lets no new read join a read transaction begun before a commit of the thread landed: it would not see it', async () => {
    const storage = await threadedStorage('fresh-reads');
    try {
      const held = gate();
      const reading = gate();
      const earlier = storage.read(async (query) => {
        await query('SELECT COUNT(*) AS n FROM payment');
        reading.open();
        await held.opened;
      });
      await reading.opened;
      await writeOnThread(storage, (query) => query('INSERT INTO payment (n) VALUES (1)'));
      const later = count(storage);
      held.open();
      await earlier;
      expect(await later).toBe(1);
    } finally {
      await storage.close();
    }
  });

  it('writes on the calling thread while the thread has nothing unanswered: opening and lone writes start no thread', async () => {
    const threads: Worker[] = [];
    onWriteThreadStarted((worker) => threads.push(worker));
    const storage = await threadedStorage('idle');
    try {
      await storage.write((query) => query('INSERT INTO payment (n) VALUES (1)'));
      expect(threads).toEqual([]);
      await writeOnThread(storage, (query) => query('INSERT INTO payment (n) VALUES (2)'));
      expect(threads.length).toBe(1);
      expect(await count(storage)).toBe(2);
    } finally {
      await storage.close();
    }
  });

  it('hands back blobs read on the thread as Buffers, as the calling thread reads them', async () => {
    const storage = await threadedStorage('blobs');
    try {
      const [row] = await writeOnThread(storage, (query) => query<{ bytes: unknown }>("SELECT x'00ff10' AS bytes"));
      expect(Buffer.isBuffer(row.bytes)).toBe(true);
      expect([...(row.bytes as Buffer)]).toEqual([0x00, 0xff, 0x10]);
    } finally {
      await storage.close();
    }
  });
});
