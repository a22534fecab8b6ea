// Writers in several processes on one ledger (an SQLite file, or a PostgreSQL schema: see
// test-storage.fixture.ts) serialise on the database: one unbroken chain, no lost update, every
// acknowledged write present. On SQLite, again with each writer's commits pipelined through its
// write thread, where the other processes' commits keep moving the tip its batches are chained on.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger, type Block, type SqliteStorageOptions, type StorageOptions } from 'nestjs-ledger';
import { verifyChain } from 'nestjs-ledger/verify';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath, testStorage } from '../libs/ledger/src/engine/test-storage.fixture';
import { prepareWriterLedger } from './support/writer-ledger';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

export function runWriter(storage: StorageOptions, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'test/support/ledger-writer.child.ts', JSON.stringify(storage), ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

/** Runs four writers at once, each committing `commits` documents `concurrency` at a time; returns the acknowledged ids. */
async function fourWriters(storage: StorageOptions, commits: number, concurrency: number, counterId = ''): Promise<string[]> {
  const acks = [1, 2, 3, 4].map((i) => tempFilePath(`acks-${i}`));
  const codes = await Promise.all(acks.map((ack) => runWriter(storage, [ack, String(commits), String(concurrency), counterId])));
  expect(codes).toEqual([0, 0, 0, 0]);
  return acks.flatMap((ack) => readFileSync(ack, 'utf8').trim().split('\n'));
}

/** The ledger holds exactly the acknowledged items, in one chain of `blocks` blocks that verifies. */
async function expectOneChain(ledger: Ledger, acknowledged: string[], blocks: number): Promise<void> {
  const stored = await ledger.execute((tx) => tx.scan('Item'));
  expect(new Set(stored.map((d) => d.documentId))).toEqual(new Set(acknowledged));
  const { digestTipAddress } = await ledger.getDigest();
  expect(digestTipAddress.sequenceNo).toBe(blocks - 1);
  const journal: Block[] = [];
  for (let sequenceNo = 0; sequenceNo < blocks; sequenceNo++) journal.push((await ledger.getBlock({ ...digestTipAddress, sequenceNo })).block);
  expect(verifyChain(journal)).toEqual({ valid: true, problems: [] });
  expect(await ledger.verify()).toMatchObject({ valid: true, blocksVerified: blocks });
}

/** Four writers, each inserting 60 items 8 at a time and incrementing one shared counter in the same transaction. */
async function sharedCounter(storage: StorageOptions): Promise<void> {
  const counterId = await prepareWriterLedger(storage);

  const acknowledged = await fourWriters(storage, 60, 8, counterId);
  expect(acknowledged).toHaveLength(240);

  const ledger = await Ledger.open({ name: 'test', storage });
  expect((await ledger.execute((tx) => tx.get('Counter', counterId)))!.data.value).toBe(240);
  await expectOneChain(ledger, acknowledged, 242);
  await ledger.close();
}

describe('several writer processes on one ledger', () => {
  it('leave one unbroken chain with every acknowledged write and an exact shared counter', () => sharedCounter(storageAt(tempLedgerPath())));

  const onSqlite = testStorage.type === 'sqlite' ? it : it.skip;
  onSqlite('and so with their commits pipelined through their write threads (storage.writerThread)', () =>
    sharedCounter({ ...(storageAt(tempLedgerPath()) as SqliteStorageOptions), writerThread: true }),
  );

  it('commit 4 processes × 500 concurrent commands as one unbroken chain holding every acknowledged one', async () => {
    const storage = storageAt(tempLedgerPath());
    const setup = await Ledger.open({ name: 'test', storage });
    await setup.execute((tx) => tx.createTable('Item'));
    await setup.close();

    const acknowledged = await fourWriters(storage, 500, 500);
    expect(acknowledged).toHaveLength(2000);

    const ledger = await Ledger.open({ name: 'test', storage });
    await expectOneChain(ledger, acknowledged, 2002);
    await ledger.close();
  });
});
