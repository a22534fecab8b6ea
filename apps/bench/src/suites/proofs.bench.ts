// Benchmarks of proof verification on a 3,000-block ledger of account documents: a revision proof
// file verified with everything bound to its block (verifyProofFile, from Ion text and parsed)
// beside QLDB's own check of the same revision (recompute its hash, fold the proof onto the digest),
// block proof files, and verify() of the whole ledger.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger, revisionProofFile, blockProofFile, type BlockAddress } from 'nestjs-ledger';
import { foldsToDigest, parseProofFile, revisionHash, verifyProofFile } from 'nestjs-ledger/verify';
import { compare, measure, report, section } from '../bench-harness';
import type { BenchSuite } from './index';

const BLOCKS = 3_000;

async function run(): Promise<void> {
  section(`Proofs (${BLOCKS.toLocaleString('en-US')}-block ledger, one account document per block)`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-proofs-'));
  const ledger = await Ledger.open({ name: 'bench', storage: { type: 'sqlite', database: join(dir, 'proofs.ledger'), synchronous: 'NORMAL' } });
  try {
    const { address, documentId } = await fill(ledger);
    const digest = { ...(await ledger.getDigest()), tip: await ledger.getTipProof() };
    const trust = { digest: digest.digest };
    const proven = await ledger.getRevision(address, documentId);
    const revisionText = revisionProofFile(await ledger.getBlock(address), documentId, digest);
    const parsed = parseProofFile(revisionText);
    const blockText = blockProofFile(await ledger.getBlock(address), digest);

    const fold = await measure('revision, QLDB fold (hash + fold)', () => foldsToDigest(revisionHash(proven.revision), proven.proof, digest.digest));
    report(fold);
    compare(await measure('revision proof file, bound (parsed)', () => verifyProofFile(parsed, trust)), fold);
    compare(await measure('revision proof file, bound (Ion text)', () => verifyProofFile(revisionText, trust)), fold);
    report(await measure('block proof file, bound (Ion text)', () => verifyProofFile(blockText, trust)));
    const started = process.hrtime.bigint();
    const result = await ledger.verify();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    report({ label: `verify(), ${(BLOCKS + 2).toLocaleString('en-US')} blocks${result.valid ? '' : ' (INVALID)'}`, opsPerSecond: (BLOCKS + 2) / seconds, microsPerOp: (seconds * 1e6) / (BLOCKS + 2) });
  } finally {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** BLOCKS blocks of one account each; returns the revision proven in the middle of the journal. */
async function fill(ledger: Ledger): Promise<{ address: BlockAddress; documentId: string }> {
  await ledger.query('CREATE TABLE Account');
  const ids: string[] = [];
  for (let first = 0; first < BLOCKS; first += 250) {
    const batch = await Promise.all(
      Array.from({ length: 250 }, (_, i) => ledger.query('INSERT INTO Account ?', { owner: `owner-${first + i}`, balance: first + i, notes: 'x'.repeat(200) })),
    );
    for (const [row] of batch as Array<Array<{ documentId: string }>>) ids.push(row.documentId);
  }
  const documentId = ids[BLOCKS / 2];
  const [revision] = await ledger.execute((tx) => tx.history('Account', { documentId }));
  return { address: revision.blockAddress as BlockAddress, documentId };
}

export const proofsSuite: BenchSuite = { name: 'proofs', run };
