// The cost of access control per statement: the same indexed SELECT and INSERT statements on two
// small SQLite ledgers, one opened with access control (run as a principal whose role allows them)
// and one without, measured in interleaved windows; the ratio is per statement with checks over
// per statement without.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, runAsPrincipal, type LedgerOptions } from 'nestjs-ledger';
import { bestOfInterleaved, compare, section } from '../bench-harness';

const ROWS = 1_000;

export async function permissionChecks(): Promise<void> {
  section('PartiQL statements with permission checks (access control, a role allowing them) beside the same without');
  const directory = mkdtempSync(join(tmpdir(), 'nestjs-ledger-bench-access-'));
  const plain = await accountsLedger(join(directory, 'plain.ledger'), {});
  const governed = await accountsLedger(join(directory, 'governed.ledger'), { accessControl: { administrators: ['ops'] } });
  try {
    await runAsPrincipal('ops', async () => {
      await governed.access.defineRole('teller', [{ action: 'select', table: 'Account' }, { action: 'insert', table: 'Account' }]);
      await governed.access.grantRole('tina', 'teller');
    });
    let i = 0;
    const select = (ledger: Ledger) => () => ledger.query('SELECT * FROM Account AS a WHERE a.owner = ?', `owner${i++ % ROWS}`);
    const insert = (ledger: Ledger) => () => ledger.query('INSERT INTO Account ?', { owner: `new${i++}`, balance: 1 });
    const asTeller = (work: () => unknown) => () => runAsPrincipal('tina', work as () => Promise<unknown>);
    const [selectChecked, selectPlain, insertChecked, insertPlain] = await bestOfInterleaved([
      ['indexed SELECT, checked', asTeller(select(governed))],
      ['indexed SELECT', select(plain)],
      ['INSERT (one block each), checked', asTeller(insert(governed))],
      ['INSERT (one block each)', insert(plain)],
    ]);
    compare(selectChecked, selectPlain);
    compare(insertChecked, insertPlain);
  } finally {
    await plain.close();
    await governed.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

/** A ledger with an Account table of ROWS documents, indexed on owner. */
async function accountsLedger(database: string, options: Partial<LedgerOptions>): Promise<Ledger> {
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database, synchronous: 'NORMAL' }, limits: { documentsPerTransaction: ROWS }, ...options });
  await runAsPrincipal('ops', async () => {
    await ledger.query('CREATE TABLE Account');
    await ledger.query('CREATE INDEX ON Account (owner)');
    await ledger.query('INSERT INTO Account ?', Array.from({ length: ROWS }, (_, n) => ({ owner: `owner${n}`, balance: n })));
  });
  return ledger;
}
