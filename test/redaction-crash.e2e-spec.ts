// A redaction killed with SIGKILL at known points: inside its database transaction, after the
// revision row was emptied and before COMMIT (afterwards the revision holds its data, no block
// records a request, and verify() is valid: nothing half-done), and after COMMIT, before the
// write-ahead log was checkpointed (the redaction is whole, and a later scrub leaves none of the
// data in the file or its log).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Ledger, type Block } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

const SECRET = 'secret-crash-7f3a9c1e5b';

/** A ledger whose Person document holds SECRET in version 0 only; the redaction's arguments. */
async function prepared(): Promise<{ database: string; args: string[]; tip: number }> {
  const database = tempLedgerPath('redaction-crash');
  const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
  const tableId = await ledger.execute((tx) => tx.createTable('Person'));
  const { value: id, block } = await ledger.transact((tx) => tx.insert('Person', { name: 'Ana', ssn: SECRET }));
  await ledger.execute((tx) => tx.update('Person', id, { name: 'Ana', ssn: 'withheld' }));
  const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
  await ledger.close();
  return { database, args: [JSON.stringify((block as Block).blockAddress), tableId, id], tip };
}

/** Runs the redaction child, kills it with SIGKILL once it reports it stopped at `point`. */
function redactThenKill(database: string, args: string[], point: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'test/support/redaction.child.ts', database, ...args, point], {
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

function filesHold(database: string, text: string): boolean {
  return [database, `${database}-wal`].some((path) => existsSync(path) && readFileSync(path).includes(Buffer.from(text)));
}

describe('a redaction killed mid-way', () => {
  it('inside its transaction: nothing of it is visible, and it can run again', async () => {
    const { database, args, tip } = await prepared();
    expect(await redactThenKill(database, args, 'in-transaction')).toBe('SIGKILL');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(tip);
    const [v0] = await ledger.execute((tx) => tx.history('Person', { documentId: args[2] }));
    expect(v0.data).toEqual({ name: 'Ana', ssn: SECRET });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.redactRevision(JSON.parse(args[0]), args[1], args[2]);
    expect(filesHold(database, SECRET)).toBe(false);
    await ledger.close();
  });

  it('after COMMIT, before the log was checkpointed: the redaction is whole, and a scrub clears the log', async () => {
    const { database, args, tip } = await prepared();
    expect(await redactThenKill(database, args, 'before-scrub')).toBe('SIGKILL');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(database) });
    expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(tip + 1);
    const [v0] = await ledger.execute((tx) => tx.history('Person', { documentId: args[2] }));
    expect(v0.data).toBeUndefined();
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    expect(await ledger.scrub()).toEqual({ steps: ['PRAGMA wal_checkpoint(TRUNCATE)'], remains: [] });
    expect(filesHold(database, SECRET)).toBe(false);
    await ledger.close();
  });
});
