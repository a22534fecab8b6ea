// A backup of an SQLite ledger whose process is killed at a known point: right after the copy was
// written under its temporary name, before it was checked and placed (support/backing-up.child.ts).
// Nothing is at the backup's path; the temporary file is left for the operator, as a killed
// import's is; the backup run again places a copy that verifies. A backup whose process has the id
// of a killed one finds that one's temporary files under its own name, and replaces them.
import { existsSync, writeFileSync } from 'node:fs';
import { Ledger } from 'nestjs-ledger';
import { removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { ordersLedger } from './support/orders-ledger';
import { runUntilStopped } from './support/stopped-child';

afterAll(removeTempLedgers);

const CHILD = 'test/support/backing-up.child.ts';

describe('a backup of an SQLite ledger killed mid-backup', () => {
  it('leaves nothing at the backup path, and the backup run again places a copy that verifies', async () => {
    const database = tempLedgerPath('source');
    const digest = await ordersLedger(database);
    const destination = tempFilePath('backup.ledger');

    const stopped = await runUntilStopped(CHILD, [database, destination]);
    expect(stopped).toEqual({ temp: expect.stringMatching(/backup\.ledger\.backup-\d+$/) });
    expect(existsSync(destination)).toBe(false);
    expect(existsSync(stopped.temp as string)).toBe(true);

    writeFileSync(`${destination}.backup-${process.pid}`, 'half of a copy a killed backup of this process id was writing');
    writeFileSync(`${destination}.backup-${process.pid}-wal`, 'and its log');
    const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database } });
    try {
      const backup = await ledger.backup(destination);
      expect(Buffer.from(backup.digest.digest).equals(Buffer.from(digest))).toBe(true);
    } finally {
      await ledger.close();
    }
    expect([existsSync(`${destination}.backup-${process.pid}`), existsSync(`${destination}.backup-${process.pid}-wal`)]).toEqual([false, false]);
    const copy = await Ledger.openExisting({ storage: { type: 'sqlite', database: destination }, readOnly: true });
    try {
      expect((await copy.verify()).problems).toEqual([]);
    } finally {
      await copy.close();
    }
  });
});
