// An export whose process is killed at a known point: just before it renames its second data file
// into place (support/exporting.child.ts). The directory then holds the started manifest, the first
// data file whole under its final name, the second under its hidden temporary name, and no completed
// manifest: an import refuses it and writes nothing, an export into it is refused, and an export
// run again into a new directory gives the same first data file, byte for byte, and imports to the
// source's digest.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJournal, importJournal, ImportRefusedError, InvalidArgumentError, Ledger } from 'nestjs-ledger';
import { removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { ordersLedger } from './support/orders-ledger';
import { runUntilStopped } from './support/stopped-child';

afterAll(removeTempLedgers);

const CHILD = 'test/support/exporting.child.ts';

describe('an export killed before it completes', () => {
  it('leaves no completed manifest: an import refuses the directory, and an export run again gives the same files', async () => {
    const database = tempLedgerPath('source');
    const digest = await ordersLedger(database);
    const killed = `${tempLedgerPath('killed-export')}.d`;

    const stopped = await runUntilStopped(CHILD, [database, killed]);
    expect(stopped).toEqual({ from: expect.stringMatching(/\/\.\w+\.\d+\.partial$/), to: expect.stringMatching(/\.\d+-\d+\.ion$/) });
    const left = readdirSync(killed).sort();
    const dataFiles = left.filter((name) => name.endsWith('.ion'));
    expect(left.filter((name) => name.endsWith('.completed.manifest'))).toEqual([]);
    expect(left.filter((name) => name.endsWith('.started.manifest'))).toHaveLength(1);
    expect(dataFiles).toHaveLength(1);
    expect(left).toContain((stopped.from as string).split('/').pop());

    const target = tempLedgerPath('imported');
    const refused = await importJournal(killed, { type: 'sqlite', database: target }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ImportRefusedError);
    expect((refused as Error).message).toMatch(/holds no <exportId>\.<strandId>\.completed\.manifest/);
    expect(existsSync(target)).toBe(false);

    const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database } });
    try {
      await expect(exportJournal(ledger, killed, { format: 'ion-binary' })).rejects.toBeInstanceOf(InvalidArgumentError);
      const again = `${tempLedgerPath('export-again')}.d`;
      await exportJournal(ledger, again, { format: 'ion-binary', maxFileBytes: 4_000, workers: 0 });
      expect(readFileSync(join(again, dataFiles[0])).equals(readFileSync(join(killed, dataFiles[0])))).toBe(true);
      const result = await importJournal(again, { type: 'sqlite', database: target });
      expect(Buffer.from(result.digest.digest).equals(Buffer.from(digest))).toBe(true);
    } finally {
      await ledger.close();
    }
  });
});
