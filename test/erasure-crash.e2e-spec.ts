// A redaction (of a revision, of an event) and a shredding killed with SIGKILL at known points: inside
// their database transaction, after the revision row was emptied, the block row's header rewritten
// or the key row deleted and before COMMIT
// (afterwards nothing of it is visible: the data or key is there, no block records a request, and
// verify() is valid), and after COMMIT, before the write-ahead log was checkpointed (the change is
// whole, and a later scrub leaves nothing of the removed bytes in the file or its log).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataKeyUnavailableError, Ledger, SubjectKeys, type Block, type IonStructObject } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { sqliteFilesHold } from '../libs/ledger/src/engine/test-storage.fixture';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

const SECRET = 'secret-crash-7f3a9c1e5b';
const masterKey = randomBytes(32);

/** Runs the erasure child with `args`, and kills it with SIGKILL once it reports it stopped. */
function runThenKill(database: string, point: string, args: string[]): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'test/support/erasure.child.ts', JSON.stringify(storageAt(database)), point, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'stopped') child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

async function tipOf(ledger: Ledger): Promise<number> {
  return (await ledger.getDigest()).digestTipAddress.sequenceNo;
}

describe('a redaction killed mid-way', () => {
  /** A ledger whose Person document holds SECRET in version 0 only; the redaction's arguments. */
  async function prepared(): Promise<{ database: string; args: string[]; tip: number }> {
    const database = tempLedgerPath('redaction-crash');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    const tableId = await ledger.execute((tx) => tx.createTable('Person'));
    const { value: id, block } = await ledger.transact((tx) => tx.insert('Person', { name: 'Ana', ssn: SECRET }));
    await ledger.execute((tx) => tx.update('Person', id, { name: 'Ana', ssn: 'withheld' }));
    const tip = await tipOf(ledger);
    await ledger.close();
    return { database, args: ['redact', JSON.stringify((block as Block).blockAddress), tableId, id], tip };
  }

  it('inside its transaction: nothing of it is visible, and it can run again', async () => {
    const { database, args, tip } = await prepared();
    expect(await runThenKill(database, 'in-transaction', args)).toBe('SIGKILL');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    expect(await tipOf(ledger)).toBe(tip);
    const [v0] = await ledger.execute((tx) => tx.history('Person', { documentId: args[3] }));
    expect(v0.data).toEqual({ name: 'Ana', ssn: SECRET });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.redactRevision(JSON.parse(args[1]), args[2], args[3]);
    expect(sqliteFilesHold(database, Buffer.from(SECRET))).toBe(false);
    await ledger.close();
  });

  it('after COMMIT, before the log was checkpointed: the redaction is whole, and a scrub clears the log', async () => {
    const { database, args, tip } = await prepared();
    expect(await runThenKill(database, 'before-scrub', args)).toBe('SIGKILL');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    expect(await tipOf(ledger)).toBe(tip + 1);
    const [v0] = await ledger.execute((tx) => tx.history('Person', { documentId: args[3] }));
    expect(v0.data).toBeUndefined();
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    expect(await ledger.scrub()).toEqual({ steps: ['PRAGMA wal_checkpoint(TRUNCATE)'], remains: [] });
    expect(sqliteFilesHold(database, Buffer.from(SECRET))).toBe(false);
    await ledger.close();
  });
});

describe('an event redaction killed mid-way', () => {
  /** A ledger with one event whose payload holds SECRET; the redaction's arguments. */
  async function prepared(): Promise<{ database: string; args: string[]; tip: number }> {
    const database = tempLedgerPath('event-redaction-crash');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    const event = { type: 'Opened', aggregate: 'Person', streamId: 'p1', streamVersion: 0, payload: { ssn: SECRET } };
    const { block } = await ledger.transact((tx) => tx.appendEvents([event]));
    const tip = await tipOf(ledger);
    await ledger.close();
    return { database, args: ['redact-event', JSON.stringify((block as Block).blockAddress), '0'], tip };
  }

  async function storedEvent(ledger: Ledger, args: string[]): Promise<IonStructObject> {
    const { sequenceNo } = JSON.parse(args[1]) as { sequenceNo: number };
    const [block] = await ledger.readBlocks(sequenceNo, sequenceNo);
    return block.events![0];
  }

  it('inside its transaction: nothing of it is visible, and it can run again', async () => {
    const { database, args, tip } = await prepared();
    expect(await runThenKill(database, 'in-transaction', args)).toBe('SIGKILL');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    expect(await tipOf(ledger)).toBe(tip);
    expect((await storedEvent(ledger, args)).payload).toEqual({ ssn: SECRET });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.redactEvent(JSON.parse(args[1]), 0);
    expect(sqliteFilesHold(database, Buffer.from(SECRET))).toBe(false);
    await ledger.close();
  });

  it('after COMMIT, before the log was checkpointed: the redaction is whole, and a scrub clears the log', async () => {
    const { database, args, tip } = await prepared();
    expect(await runThenKill(database, 'before-scrub', args)).toBe('SIGKILL');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    expect(await tipOf(ledger)).toBe(tip + 1);
    expect((await storedEvent(ledger, args)).payload).not.toEqual({ ssn: SECRET });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    expect(await ledger.scrub()).toEqual({ steps: ['PRAGMA wal_checkpoint(TRUNCATE)'], remains: [] });
    expect(sqliteFilesHold(database, Buffer.from(SECRET))).toBe(false);
    await ledger.close();
  });
});

describe('a shredding killed mid-way', () => {
  /** A ledger with a Person whose ssn is encrypted under subject-1's key; the key's wrapped bytes. */
  async function prepared(): Promise<{ database: string; id: string; wrapped: Uint8Array; tip: number }> {
    const database = tempLedgerPath('shred-crash');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    await ledger.execute((tx) => tx.createTable('Person'));
    const keys = new SubjectKeys(ledger, { masterKey });
    const document = await keys.encryptFields('subject-1', { ssn: SECRET }, ['ssn']);
    const id = await ledger.execute((tx) => tx.insert('Person', document));
    const [{ wrapped }] = await ledger.readDatabase((query) => query<{ wrapped: Uint8Array }>('SELECT wrapped FROM ledger_data_key'));
    const tip = await tipOf(ledger);
    await ledger.close();
    return { database, id, wrapped, tip };
  }

  async function reopened(database: string): Promise<{ ledger: Ledger; keys: SubjectKeys }> {
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    return { ledger, keys: new SubjectKeys(ledger, { masterKey }) };
  }

  it('inside its transaction: the key is still there and reads, no block records a shredding', async () => {
    const { database, id, tip } = await prepared();
    expect(await runThenKill(database, 'in-transaction', ['shred', masterKey.toString('hex'), 'subject-1'])).toBe('SIGKILL');
    const { ledger, keys } = await reopened(database);
    expect(await tipOf(ledger)).toBe(tip);
    const stored = (await ledger.execute((tx) => tx.get('Person', id)))!.data;
    expect(await keys.decryptFields(stored)).toEqual({ ssn: SECRET });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });

  it('after COMMIT, before the log was checkpointed: the key is gone for good, and a scrub clears the log', async () => {
    const { database, id, wrapped, tip } = await prepared();
    expect(await runThenKill(database, 'before-scrub', ['shred', masterKey.toString('hex'), 'subject-1'])).toBe('SIGKILL');
    const { ledger, keys } = await reopened(database);
    expect(await tipOf(ledger)).toBe(tip + 1);
    const stored = (await ledger.execute((tx) => tx.get('Person', id)))!.data;
    await expect(keys.decryptFields(stored)).rejects.toThrow(DataKeyUnavailableError);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.scrub();
    expect(sqliteFilesHold(database, wrapped)).toBe(false);
    await ledger.close();
  });
});
