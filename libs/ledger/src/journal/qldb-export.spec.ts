// QLDB's own journal layout, from an export computed independently of this project: every block
// (with QLDB's internal entries in entriesHashList) verifies, the chain holds, and the ledger tree
// over the block hashes gives the export's digest.
import { QLDB_EXPORT_DIR } from '../../../../test/support/vectors';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldProof, LedgerTree } from '../crypto';
import { fromIon, ionHash } from '../ion';
import type { Block } from './block.types';
import { verifyBlock } from './block-verifier';
import { verifyChain } from './chain-verifier';
import { revisionProof } from './entry-proofs';

const EXPORT_DIR = QLDB_EXPORT_DIR;
const expected = JSON.parse(readFileSync(join(EXPORT_DIR, 'EXPECTED.json'), 'utf8'));

function readExport(): Block[] {
  const manifest = readdirSync(EXPORT_DIR).find((f) => f.endsWith('.completed.manifest')) as string;
  const { keys } = fromIon(readFileSync(join(EXPORT_DIR, manifest), 'utf8')) as { keys: string[] };
  // Each data file is a stream of blocks written one per line.
  return keys.flatMap((key) =>
    readFileSync(join(EXPORT_DIR, key), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => fromIon(line) as unknown as Block),
  );
}

describe('a QLDB journal export', () => {
  const blocks = readExport();

  it('holds the whole journal in order', () => {
    expect(blocks.map((b) => b.blockAddress.sequenceNo)).toEqual([...Array(expected.tipSequenceNo + 1).keys()]);
    expect(blocks.every((b) => b.blockAddress.strandId === expected.strandId)).toBe(true);
  });

  it('verifies block by block although entriesHashList carries QLDB-internal entries', () => {
    for (const block of blocks) {
      expect(block.entriesHashList.length).toBeGreaterThan(block.revisions ? 2 : 1);
      expect(verifyBlock(block)).toEqual({ valid: true, problems: [] });
    }
  });

  it('verifies as a chain, and its tree gives the expected digest', () => {
    expect(verifyChain(blocks)).toEqual({ valid: true, problems: [] });
    const tree = new LedgerTree();
    for (const block of blocks) tree.append(block.blockHash);
    expect(Buffer.from(tree.digest()).toString('base64')).toBe(expected.digest_base64);
  });

  it('proves every revision against that digest', () => {
    const tree = new LedgerTree();
    for (const block of blocks) tree.append(block.blockHash);
    let proven = 0;
    for (const block of blocks) {
      for (const revision of block.revisions ?? []) {
        if (!revision.metadata) continue;
        const proof = revisionProof(block, revision.metadata.id, tree.inclusionProof(block.blockAddress.sequenceNo));
        expect(Buffer.from(foldProof(revision.hash, proof)).toString('base64')).toBe(expected.digest_base64);
        proven++;
      }
    }
    expect(proven).toBeGreaterThan(5);
  });

  it('digests parameterless statements as H(statement)', () => {
    const create = blocks[0].transactionInfo.statements[0];
    expect(create.statement).toBe('CREATE TABLE Vehicle');
    expect(create.statementDigest).toEqual(ionHash(create.statement));
  });

  it('fails verification when a revision of the export is altered', () => {
    const block = structuredClone(blocks.find((b) => b.revisions?.length) as Block);
    block.revisions![0].data!.Price = 1;
    expect(verifyBlock(block).problems.map((p) => p.code)).toContain('REVISION_HASH_MISMATCH');
  });
});
