// A writer killed with SIGKILL 20 times, each time at a known point: right after it reports its
// k-th acknowledged write (k from 1 to 96 over the rounds), while its other commits are in flight.
// Each of its transactions inserts an item and increments a shared counter that it reads. After
// each kill the ledger (an SQLite file, or a PostgreSQL schema) reopens, verifies, holds every
// write the writer had acknowledged, and counts exactly its items (no transaction half there, no
// increment lost). On SQLite, again with the writer's commits pipelined through its write thread.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Ledger, type SqliteStorageOptions, type StorageOptions } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath, testStorage } from '../libs/ledger/src/engine/test-storage.fixture';
import { prepareWriterLedger } from './support/writer-ledger';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

/** Starts a writer that commits for ever, 4 at a time, and kills it as soon as it reports its `acks`th acknowledged write. */
function writeThenKill(storage: StorageOptions, ack: string, acks: number, counterId: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const args = ['-r', './test/support/register-ts.js', 'test/support/ledger-writer.child.ts', JSON.stringify(storage), ack, '1000000', '4', counterId];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let reported = 0;
    createInterface({ input: child.stdout! }).on('line', () => {
      if (++reported === acks) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
  });
}

describe('a writer killed mid-commit', () => {
  it('never loses an acknowledged write nor leaves a half-written block, 20 kills in a row', () => killedRounds(storageAt(tempLedgerPath())));

  const onSqlite = testStorage.type === 'sqlite' ? it : it.skip;
  onSqlite('nor with its commits pipelined through the write thread (storage.writerThread), 20 kills in a row', () =>
    killedRounds({ ...(storageAt(tempLedgerPath()) as SqliteStorageOptions), writerThread: true }),
  );
});

/** 20 rounds of a writer killed after its k-th acknowledged write; after each, the ledger verifies and holds every acknowledged write. */
async function killedRounds(storage: StorageOptions): Promise<void> {
  const counterId = await prepareWriterLedger(storage);
  let total = 0;
  for (let round = 0; round < 20; round++) {
    const ack = tempFilePath(`acks-${round}`);
    const acks = 1 + 5 * round;
    expect(await writeThenKill(storage, ack, acks, counterId)).toBe('SIGKILL');
    const acknowledged = readFileSync(ack, 'utf8').trim().split('\n');
    expect(acknowledged.length).toBeGreaterThanOrEqual(acks);
    const ledger = await Ledger.open({ name: 'test', storage });
    const verification = await ledger.verify();
    expect(verification.problems).toEqual([]);
    const stored = new Set((await ledger.execute((tx) => tx.scan('Item'))).map((d) => d.documentId));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    total += acknowledged.length;
    expect(stored.size).toBeGreaterThanOrEqual(total);
    expect((await ledger.execute((tx) => tx.get('Counter', counterId)))!.data.value).toBe(stored.size);
    await ledger.close();
  }
}
