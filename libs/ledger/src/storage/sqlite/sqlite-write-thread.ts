// The ledger's side of the thread that holds an SQLite file's write connection (storage.writerThread):
// starts it on first use, sends it pipelined batches and the statements of write transactions, and
// hands back its answers, which come in the order the requests were sent. While a request is
// outstanding the thread keeps the process alive. A thread that ends (it crashed, or was
// terminated) fails every request it had not answered with a StorageError saying that a commit it
// was writing may or may not be on disk; the next request starts a new thread, and a transaction
// the old one held is never continued on the new one.
import type { Worker } from 'node:worker_threads';
import type { JournalTip, SqlQuery, SqlStatement } from '../sql-storage';
import { StorageError } from '../storage.error';
import { describeStorage, type SqliteStorageOptions } from '../storage-options';
import { TipMovedError } from '../tip-moved.error';
import { startWorker, workerFile } from '../worker-file';
import type { WriteFailure, WriteReply, WriteRequest, WriteThreadSetup } from './sqlite-write-messages';

const WORKER_FILE = workerFile(__dirname, 'sqlite-write-worker');

/** A request as sent, before it is given its id. */
type Request = { [Kind in WriteRequest['kind']]: Omit<Extract<WriteRequest, { kind: Kind }>, 'id'> }[WriteRequest['kind']];

let startedListener: ((worker: Worker) => void) | undefined;

/** Calls `listener` with each write thread as it starts (fault-injection tests terminate one); undefined stops. */
export function onWriteThreadStarted(listener: ((worker: Worker) => void) | undefined): void {
  startedListener = listener;
}

/** The statements of one write transaction, each a round trip to the thread that holds it. */
export interface WriteTransaction {
  query: SqlQuery;
}

export class SqliteWriteThread {
  private thread: WriteWorker | undefined;

  constructor(
    private readonly options: SqliteStorageOptions,
    private readonly passphrase: Buffer | undefined,
  ) {}

  /**
   * Queues a transaction that commits `statements` if the journal's tip is still `expectedTip`
   * (else TipMovedError, and nothing is written); resolves once it is committed.
   */
  batch(expectedTip: JournalTip, tipCheck: SqlStatement, statements: readonly SqlStatement[]): Promise<void> {
    return this.current()
      .request({ kind: 'batch', tipCheck: { sql: tipCheck.sql, parameters: tipCheck.parameters }, statements: statements.map(({ sql, parameters }) => ({ sql, parameters })) })
      .then(
        () => undefined,
        (error: unknown) => {
          throw (error as { tipMoved?: true }).tipMoved ? new TipMovedError(expectedTip.sequenceNo) : error;
        },
      );
  }

  /** A transaction's statements, all on the thread running now: if it ends, they fail. */
  transaction(): WriteTransaction {
    const thread = this.current();
    return { query: async <Row>(sql: string, parameters: readonly unknown[] = []) => (await thread.request({ kind: 'query', sql, parameters })) as Row[] };
  }

  /** Whether requests sent to the thread are still unanswered. */
  get busy(): boolean {
    return this.thread?.busy ?? false;
  }

  /** Resolves once every request sent so far is answered. */
  settled(): Promise<void> {
    return this.thread?.settled() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    const thread = this.thread;
    this.thread = undefined;
    await thread?.close();
  }

  private current(): WriteWorker {
    if (this.thread === undefined || this.thread.ended) this.thread = new WriteWorker(this.options, this.passphrase);
    return this.thread;
  }
}

interface Outstanding {
  resolve(rows: unknown[]): void;
  reject(error: unknown): void;
}

/** One write thread and the requests it has not answered yet. */
class WriteWorker {
  private readonly worker: Worker;
  private readonly outstanding = new Map<number, Outstanding>();
  private nextId = 0;
  private idleWaiters: Array<() => void> = [];
  private readonly exited: Promise<void>;
  ended = false;

  constructor(
    private readonly options: SqliteStorageOptions,
    passphrase: Buffer | undefined,
  ) {
    const setup: WriteThreadSetup = {
      options: { type: 'sqlite', database: options.database, synchronous: options.synchronous, busyTimeoutMs: options.busyTimeoutMs, ...(options.encryption ? { encryption: { cipher: options.encryption.cipher } } : {}) },
      passphrase: passphrase ? new Uint8Array(passphrase) : undefined,
    };
    this.worker = startWorker(WORKER_FILE, { workerData: setup });
    this.worker.unref();
    this.worker.on('message', (reply: WriteReply) => this.answer(reply));
    this.worker.on('error', (error) => this.end(`it threw ${error.message}`));
    this.exited = new Promise((resolve) => this.worker.once('exit', (code) => resolve(this.end(`it exited with code ${code}`))));
    startedListener?.(this.worker);
  }

  request(request: Request): Promise<unknown[]> {
    if (this.ended) return Promise.reject(this.failure('it had ended'));
    const id = this.nextId++;
    if (this.outstanding.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.outstanding.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as WriteRequest);
    });
  }

  get busy(): boolean {
    return this.outstanding.size > 0;
  }

  settled(): Promise<void> {
    if (this.outstanding.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    await this.settled();
    this.worker.ref(); // the process waits for the thread to close the file
    if (!this.ended) this.worker.postMessage({ kind: 'close', id: -1 } satisfies WriteRequest);
    await this.exited;
  }

  private answer(reply: WriteReply): void {
    const outstanding = this.outstanding.get(reply.id);
    if (!outstanding) return;
    this.outstanding.delete(reply.id);
    if ('failure' in reply) outstanding.reject(driverError(reply.failure));
    else outstanding.resolve(reply.rows.map(withBuffers));
    if (this.outstanding.size === 0) this.becameIdle();
  }

  /** The thread is gone: what it had not answered fails, and so does anything sent to it later. */
  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    const failure = this.failure(reason);
    for (const { reject } of this.outstanding.values()) reject(failure);
    this.outstanding.clear();
    this.becameIdle();
  }

  private becameIdle(): void {
    if (!this.ended) this.worker.unref();
    for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private failure(reason: string): StorageError {
    const location = describeStorage(this.options);
    return new StorageError(`the write thread of ${location} ended (${reason}): a commit it was writing may or may not be on disk; read the journal to know`, location);
  }
}

/** A failure from the thread as the driver's error would be: its message, and its code (SQLITE_BUSY, SQLITE_CORRUPT, ...). */
function driverError(failure: WriteFailure): Error {
  return Object.assign(new Error(failure.message), { name: 'SqliteError', ...(failure.code ? { code: failure.code } : {}), ...(failure.tipMoved ? { tipMoved: true } : {}) });
}

/** A row as the thread's connection read it: blobs come back from the thread as Uint8Arrays, and are Buffers again. */
function withBuffers(row: unknown): unknown {
  if (typeof row !== 'object' || row === null) return row;
  const record = row as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (value instanceof Uint8Array && !Buffer.isBuffer(value)) record[key] = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  return record;
}
