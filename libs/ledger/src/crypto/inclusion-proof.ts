// Inclusion proofs in the ledger tree (ledger-format.md §5): the sibling hashes from a leaf up to
// the digest, bottom-up, skipping the levels where the leaf's ancestor has no sibling and moves up
// unchanged (RFC 9162 §2.1.3's PATH with dot as the node hash). Which stored nodes a proof needs,
// its computation from them, and its verification.
import { dotUnchecked } from './dot';
import { checkHash, checkProof, hashesEqual } from './hash';
import type { TreeNodeAddress } from './tree-node-address';
import type { TreeNodeSource } from './tree-node-source';
import { checkCount, checkLeafIndex, checkTreeSize } from './tree-position';
import { rangeHash, rangeTiles, type TreeRange } from './tree-range';

/** The addresses of the stored nodes the inclusion proof of `leafIndex` in `treeSize` leaves needs. */
export function inclusionProofNodes(leafIndex: number, treeSize: number): TreeNodeAddress[] {
  return inclusionProofRanges(leafIndex, treeSize).flatMap(rangeTiles);
}

/** The inclusion proof of leaf `leafIndex` in the tree of the first `treeSize` leaves. */
export function computeInclusionProof(source: TreeNodeSource, leafIndex: number, treeSize: number): Uint8Array[] {
  return inclusionProofRanges(leafIndex, treeSize).map((range) => rangeHash(source, range));
}

/**
 * True when `proof` shows that `leaf` is the block hash of `sequenceNo` in the tree of `treeSize`
 * leaves whose digest is `digest`: the proof has exactly the length that position requires and
 * folds to the digest. Because dot is commutative, positions whose proofs have the same length
 * (e.g. the two leaves under one parent) cannot be told apart by a proof; a format property.
 */
export function verifyInclusion(
  leaf: Uint8Array,
  sequenceNo: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  digest: Uint8Array,
): boolean {
  checkHash(leaf, 'verifyInclusion: leaf');
  checkHash(digest, 'verifyInclusion: digest');
  checkProof(proof, 'verifyInclusion: proof');
  checkCount(sequenceNo, 'verifyInclusion: sequenceNo');
  checkCount(treeSize, 'verifyInclusion: treeSize');
  if (sequenceNo >= treeSize) return false;
  if (proof.length !== inclusionProofRanges(sequenceNo, treeSize).length) return false;
  return hashesEqual(proof.reduce(dotUnchecked, leaf), digest);
}

/**
 * The nodes of the proof as leaf ranges, bottom-up. Walking up level by level as merkleRoot does:
 * at each level the ancestor at `position` has a sibling unless it is the odd last node.
 */
function inclusionProofRanges(leafIndex: number, treeSize: number): TreeRange[] {
  checkLeafIndex(leafIndex, checkTreeSize(treeSize));
  const ranges: TreeRange[] = [];
  let position = leafIndex;
  let nodesOnLevel = treeSize;
  for (let width = 1; nodesOnLevel > 1; width *= 2) {
    const sibling = position % 2 === 0 ? position + 1 : position - 1;
    if (sibling < nodesOnLevel) ranges.push({ start: sibling * width, end: Math.min((sibling + 1) * width, treeSize) });
    position = Math.floor(position / 2);
    nodesOnLevel = Math.ceil(nodesOnLevel / 2);
  }
  return ranges;
}
