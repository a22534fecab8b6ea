// Writers in several processes on one SQLite file serialise on the database: one unbroken chain,
// no lost update, every acknowledged write present.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ledger, verifyChain, type Block } from 'nestjs-ledger';
import { removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

export function runWriter(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'test/support/ledger-writer.child.ts', ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

describe('several writer processes on one SQLite file', () => {
  it('leave one unbroken chain with every acknowledged write and an exact shared counter', async () => {
    const path = tempLedgerPath();
    const setup = await Ledger.open({ name: 'test', storage: { type: 'sqlite', database: path } });
    const counterId = await setup.execute((tx) => {
      tx.createTable('Item');
      tx.createTable('Counter');
      return tx.insert('Counter', { value: 0 });
    });
    await setup.close();

    const acks = [1, 2, 3, 4].map((i) => `${path}.acks-${i}`);
    const codes = await Promise.all(acks.map((ack) => runWriter([path, ack, '60', '8', counterId])));
    expect(codes).toEqual([0, 0, 0, 0]);

    const ledger = await Ledger.open({ name: 'test', storage: { type: 'sqlite', database: path } });
    const acknowledged = acks.flatMap((ack) => readFileSync(ack, 'utf8').trim().split('\n'));
    expect(acknowledged).toHaveLength(240);
    const stored = await ledger.execute((tx) => tx.scan('Item'));
    expect(new Set(stored.map((d) => d.documentId))).toEqual(new Set(acknowledged));
    expect((await ledger.execute((tx) => tx.get('Counter', counterId)))!.data.value).toBe(240);

    const { digestTipAddress } = await ledger.getDigest();
    expect(digestTipAddress.sequenceNo).toBe(241);
    const blocks: Block[] = [];
    for (let sequenceNo = 0; sequenceNo <= digestTipAddress.sequenceNo; sequenceNo++) {
      blocks.push((await ledger.getBlock({ ...digestTipAddress, sequenceNo })).block);
    }
    expect(verifyChain(blocks)).toEqual({ valid: true, problems: [] });
    expect(await ledger.verify()).toMatchObject({ valid: true, blocksVerified: 242 });
    await ledger.close();
  });
});
