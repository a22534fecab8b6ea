// Export and import under access control: exporting takes `export` (which covers the digests and
// blocks it reads), appending an export onto a governed ledger takes `import`; a refusal comes
// before anything is read or written: no export directory, no block appended.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AccessDeniedError, Ledger, runAsPrincipal } from '../engine';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../engine/test-ledger.fixture';
import '../partiql';
import { exportJournal, importJournal } from '.';

const ACCESS = { administrators: ['admin'], recheckMs: 0 };
const directory = mkdtempSync(join(tmpdir(), 'ledger-export-access-'));
let n = 0;
const fresh = () => join(directory, `export-${n++}`);

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await removeTempLedgers();
});

/** A governed ledger with a table, a document, and a principal allowed only to export. */
async function governedLedger(): Promise<Ledger> {
  const ledger = await openTestLedger(tempLedgerPath(), { accessControl: ACCESS });
  await runAsPrincipal('admin', async () => {
    await ledger.query('CREATE TABLE Orders');
    await ledger.query("INSERT INTO Orders VALUE {'customer': 'ann'}");
    await ledger.access.defineRole('archivist', [{ action: 'export' }]);
    await ledger.access.grantRole('arch', 'archivist');
    await ledger.access.defineRole('migrator', [{ action: 'import' }]);
    await ledger.access.grantRole('mig', 'migrator');
  });
  return ledger;
}

async function tipOf(ledger: Ledger): Promise<number> {
  return runAsPrincipal('admin', async () => (await ledger.getDigest()).digestTipAddress.sequenceNo);
}

describe('export', () => {
  it('is refused to a principal without `export`, before the directory is made', async () => {
    const ledger = await governedLedger();
    const target = fresh();
    const refusal = await runAsPrincipal('mallory', () => exportJournal(ledger, target)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AccessDeniedError);
    expect(refusal).toMatchObject({ principal: 'mallory', action: 'export', on: undefined });
    expect(existsSync(target)).toBe(false);
    await ledger.close();
  });

  it('needs `export` only: the digests and blocks it reads are covered', async () => {
    const ledger = await governedLedger();
    await expect(runAsPrincipal('arch', () => ledger.getDigest())).rejects.toThrow(AccessDeniedError);
    const result = await runAsPrincipal('arch', () => exportJournal(ledger, fresh()));
    expect(result.lastSequenceNo).toBe(await tipOf(ledger));
    await ledger.close();
  });
});

describe('import onto a governed ledger (append)', () => {
  it('is refused to a principal without `import`, before the export is read: nothing is appended', async () => {
    const source = await governedLedger();
    const earlier = fresh();
    const first = await runAsPrincipal('admin', () => exportJournal(source, earlier));
    const location = tempLedgerPath('imported');
    await importJournal(earlier, storageAt(location));
    await runAsPrincipal('admin', () => source.query("INSERT INTO Orders VALUE {'customer': 'bob'}"));
    const later = fresh();
    await runAsPrincipal('admin', () => exportJournal(source, later));
    await source.close();

    const refusal = await runAsPrincipal('mallory', () => importJournal(later, storageAt(location), { append: true, accessControl: ACCESS })).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'ACCESS_DENIED', principal: 'mallory', action: 'import' });
    const imported = await Ledger.openExisting({ storage: storageAt(location) });
    expect((await imported.getDigest()).digestTipAddress.sequenceNo).toBe(first.lastSequenceNo);
    await imported.close();

    const appended = await runAsPrincipal('mig', () => importJournal(later, storageAt(location), { append: true, accessControl: ACCESS }));
    expect(appended.blocksImported).toBe(1);
  });
});
