// The hashing verify() and an import cannot avoid, alone: for each block, the library's ionHash of
// each revision's metadata and data joined by dot, the Merkle root of the revisions, ionHash of
// transactionInfo and of the header entry, the root of entriesHashList and the block hash. The
// baseline of the bulk suite, in this thread and in hash-baseline.worker.ts.
import { Ledger, type Block } from 'nestjs-ledger';
import { dot, ionHash, merkleRoot } from 'nestjs-ledger/verify';

/** Every block of the SQLite ledger at `path`, decoded. */
export async function readAllBlocks(path: string): Promise<Block[]> {
  const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: path } });
  try {
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    const blocks: Block[] = [];
    for (let first = 0; first <= tip; first += 500) blocks.push(...(await ledger.readBlocks(first, Math.min(tip, first + 499))));
    return blocks;
  } finally {
    await ledger.close();
  }
}

/** Every hash of `block` that verification recomputes; returns its block hash. */
export function hashBlock(block: Block): Uint8Array {
  const revisions = (block.revisions ?? []).map((r) => dot(ionHash(r.metadata as never), ionHash(r.data as never)));
  const { strandId, sequenceNo } = block.blockAddress;
  const entries = [
    ...(revisions.length ? [merkleRoot(revisions)] : []),
    ionHash(block.transactionInfo as never),
    ionHash({ blockAddress: { strandId, sequenceNo }, transactionId: block.transactionId, blockTimestamp: block.blockTimestamp } as never),
  ];
  return dot(merkleRoot(entries), block.previousBlockHash);
}
