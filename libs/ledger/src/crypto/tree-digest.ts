// The digest of the ledger tree at a given size: which stored nodes it needs (the frontier, the
// peaks of the binary decomposition of the size) and its computation from them.
import type { TreeNodeAddress } from './tree-node-address';
import type { TreeNodeSource } from './tree-node-source';
import { checkTreeSize } from './tree-position';
import { rangeHash, rangeTiles } from './tree-range';

/** The addresses of the frontier of a tree of `treeSize` leaves, left (highest level) to right. */
export function digestNodes(treeSize: number): TreeNodeAddress[] {
  return rangeTiles({ start: 0, end: checkTreeSize(treeSize) });
}

/** The digest of the first `treeSize` leaves, read from `source`. */
export function computeDigest(source: TreeNodeSource, treeSize: number): Uint8Array {
  return rangeHash(source, { start: 0, end: checkTreeSize(treeSize) });
}
