// A writer killed with SIGKILL at random moments, 20 times: after each kill the ledger (an SQLite
// file, or a PostgreSQL schema) reopens, verifies, and holds every write the writer had acknowledged.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger, type StorageOptions } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

/** Starts a writer that commits for ever, and kills it `afterMs` after its first acknowledged write. */
function writeThenKill(storage: StorageOptions, ack: string, afterMs: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const args = ['-r', './test/support/register-ts.js', 'test/support/ledger-writer.child.ts', JSON.stringify(storage), ack, '1000000', '4'];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const poll = setInterval(() => {
      if (existsSync(ack) && readFileSync(ack, 'utf8').length > 0) {
        clearInterval(poll);
        setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      resolve(signal);
    });
  });
}

describe('a writer killed mid-commit', () => {
  it('never loses an acknowledged write nor leaves a half-written block, 20 kills in a row', async () => {
    const storage = storageAt(tempLedgerPath());
    const setup = await Ledger.open({ name: 'test', storage });
    await setup.execute((tx) => tx.createTable('Item'));
    await setup.close();
    let total = 0;
    for (let round = 0; round < 20; round++) {
      const ack = tempFilePath(`acks-${round}`);
      expect(await writeThenKill(storage, ack, Math.floor(Math.random() * 250))).toBe('SIGKILL');
      const acknowledged = readFileSync(ack, 'utf8').trim().split('\n');
      const ledger = await Ledger.open({ name: 'test', storage });
      const verification = await ledger.verify();
      expect(verification.problems).toEqual([]);
      const stored = new Set((await ledger.execute((tx) => tx.scan('Item'))).map((d) => d.documentId));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
      total += acknowledged.length;
      expect(stored.size).toBeGreaterThanOrEqual(total);
      await ledger.close();
    }
  });
});
