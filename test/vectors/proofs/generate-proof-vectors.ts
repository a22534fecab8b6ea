// Writes the proof vectors beside this file: one Ion text file per genuine or forged proof, and
// cases.json naming, for each, what the verifier trusts and the verdict it must reach. Run it only to
// regenerate them (the files are kept as they are, so every verifier is tested on the same bytes):
//   node -r ./test/support/register-ts.js test/vectors/proofs/generate-proof-vectors.ts
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildForgeryLedger, buildQldbLedger, pemKeys, proofCases, qldbCases } from '../../support/proof-forgeries';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'proof-vectors-'));
  const keys = pemKeys();
  const { ledger, ids } = await buildForgeryLedger(join(dir, 'prod.db'), keys.privatePem);
  const { ledger: staging } = await buildForgeryLedger(join(dir, 'staging.db'), keys.privatePem);
  const qldb = await buildQldbLedger(join(dir, 'qldb.db'));
  const cases = [...(await proofCases(ledger, ids, keys, staging)), ...(await qldbCases(qldb))];
  for (const c of cases) writeFileSync(join(__dirname, `${c.name}.ion`), c.file);
  const index = cases.map(({ name, trust, expect }) => ({ name, file: `${name}.ion`, trust, expect }));
  writeFileSync(join(__dirname, 'cases.json'), `${JSON.stringify(index, null, 2)}\n`);
  await Promise.all([ledger.close(), staging.close(), qldb.close()]);
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${cases.length} proof vectors written\n`);
}

void main();
