// The built `ledger` command starts with V8 settings of its own (apps/cli/src/v8-flags.ts): on a
// journal long enough for V8 to optimize the verifier under them, `ledger verify` reports exactly
// what Ledger.verify() in this process reports, for a valid ledger and a tampered copy, and V8
// writes nothing to stderr (a flag it does not know would be refused there).
import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Ledger, toIon } from 'nestjs-ledger';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { removeTempLedgers } from '../libs/ledger/src/engine/test-ledger.fixture';
import { buildCli, ledgerCli } from './support/cli';

/** Blocks enough for the hashing and Ion code of verify() to be optimized while it runs. */
const BLOCKS = 1_000;
const TAMPERED_BLOCK = 900;

let db: string;

beforeAll(async () => {
  buildCli();
  db = tempFilePath('flags.ledger');
  const ledger = await Ledger.open({ name: 'flags', storage: { type: 'sqlite', database: db, synchronous: 'NORMAL' } });
  await ledger.query('CREATE TABLE Account');
  await ledger.query('CREATE INDEX ON Account (owner)');
  for (let n = 0; n < BLOCKS - 3; n += 50) {
    const inserts = Array.from({ length: Math.min(50, BLOCKS - 3 - n) }, (_, i) => ledger.query('INSERT INTO Account ?', { owner: `o${n + i}`, balance: n + i, note: 'x'.repeat(200) }));
    await Promise.all(inserts);
  }
  await ledger.close();
}, 300_000);

afterAll(removeTempLedgers);

/** What Ledger.verify({ all: true }) and getDigest() report in this process, in the command's --json shape. */
async function inProcessReport(path: string): Promise<Record<string, unknown>> {
  const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: path }, readOnly: true });
  try {
    const result = await ledger.verify({ all: true });
    const first = result.problems[0];
    const digest = result.valid ? await ledger.getDigest() : undefined;
    return {
      valid: result.valid,
      blocksVerified: result.blocksVerified,
      ...(first?.sequenceNo === undefined ? {} : { firstBadSequenceNo: first.sequenceNo }),
      problems: result.problems,
      ...(digest ? { digest: Buffer.from(digest.digest).toString('base64'), digestTipAddress: digest.digestTipAddress } : {}),
    };
  } finally {
    await ledger.close();
  }
}

/** Raw SQL on a closed ledger file: the data of the revisions committed in block `sequenceNo` replaced. */
function tamperRevision(path: string, sequenceNo: number): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER IF EXISTS journal_revision_no_update');
  const changed = raw.prepare('UPDATE journal_revision SET data = ? WHERE sequence_no = ?').run(Buffer.from(toIon({ owner: 'Eve', balance: 1_000_000 }, 'binary')), sequenceNo);
  raw.close();
  expect(changed.changes).toBeGreaterThan(0);
}

describe('ledger verify under the command’s V8 settings', () => {
  it('reports a valid ledger as Ledger.verify() does, with nothing on stderr', async () => {
    const run = await ledgerCli(['verify', db, '--all', '--json']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout);
    expect(report).toEqual(await inProcessReport(db));
    expect(report).toMatchObject({ valid: true, blocksVerified: BLOCKS });
  });

  it('reports every problem of a tampered copy as Ledger.verify() does', async () => {
    const copy = tempFilePath('flags-tampered.ledger');
    copyFileSync(db, copy);
    tamperRevision(copy, TAMPERED_BLOCK);
    const run = await ledgerCli(['verify', copy, '--all', '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^ledger: the ledger does not verify: block ${TAMPERED_BLOCK} `));
    const report = JSON.parse(run.stdout);
    expect(report).toEqual(await inProcessReport(copy));
    expect(report).toMatchObject({ valid: false, firstBadSequenceNo: TAMPERED_BLOCK });
  });
});
