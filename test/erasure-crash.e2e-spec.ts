// A redaction (of a revision, of an event) and a shredding killed with SIGKILL at known points: inside
// their database transaction, after the revision row was emptied, the block row's header rewritten
// or the key row deleted and before COMMIT (afterwards nothing of it is visible: the data or key is
// there, no block records a request, and verify() is valid), and after COMMIT, before the
// write-ahead log was checkpointed (the change is whole, and a later scrub leaves nothing of the
// removed bytes in the file or its log). The erasures are test/support/erasure-cases.ts.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Ledger } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { sqliteFilesHold } from '../libs/ledger/src/engine/test-storage.fixture';
import { erasureCases, type ErasureCase, type PreparedErasure } from './support/erasure-cases';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

const SECRET = 'secret-crash-7f3a9c1e5b';

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

function open(database: string): Promise<Ledger> {
  return Ledger.open({ name: 'test', storage: storageAt(database) });
}

/** A new ledger file prepared for `erasure`, closed, with its tip. */
async function prepared(erasure: ErasureCase): Promise<{ database: string; erasing: PreparedErasure; tip: number }> {
  const database = tempLedgerPath('erasure-crash');
  const ledger = await open(database);
  const erasing = await erasure.prepare(ledger, SECRET);
  const tip = await tipOf(ledger);
  await ledger.close();
  return { database, erasing, tip };
}

describe.each(erasureCases.map((erasure) => [erasure.title, erasure] as const))('%s killed mid-way', (_title, erasure) => {
  it('inside its transaction: nothing of it is visible, and where it can run again it erases the secret', async () => {
    const { database, erasing, tip } = await prepared(erasure);
    expect(await runThenKill(database, 'in-transaction', erasing.args)).toBe('SIGKILL');
    const ledger = await open(database);
    expect(await tipOf(ledger)).toBe(tip);
    await erasing.expectIntact(ledger);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    if (erasing.runAgain) {
      await erasing.runAgain(ledger);
      expect(sqliteFilesHold(database, erasing.removed)).toBe(false);
    }
    await ledger.close();
  });

  it('after COMMIT, before the log was checkpointed: the erasure is whole, and a scrub clears the log', async () => {
    const { database, erasing, tip } = await prepared(erasure);
    expect(await runThenKill(database, 'before-scrub', erasing.args)).toBe('SIGKILL');
    const ledger = await open(database);
    expect(await tipOf(ledger)).toBe(tip + 1);
    await erasing.expectErased(ledger);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    expect(await ledger.scrub()).toEqual({ steps: ['PRAGMA wal_checkpoint(TRUNCATE)'], remains: [] });
    expect(sqliteFilesHold(database, erasing.removed)).toBe(false);
    await ledger.close();
  });
});
