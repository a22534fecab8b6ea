// A node of the ledger tree as a range of leaves, and how it is computed from stored nodes.
//
// The ledger tree has RFC 9162's shape: the root of n > 1 leaves is dot(root of the first k,
// root of the remaining n − k), k the largest power of two below n (the same tree merkleRoot builds
// level by level). Each of its nodes therefore covers an aligned range [start, end): start a
// multiple of the smallest power of two ≥ end − start. Such a range is tiled, left to right, by the
// perfect subtrees given by the binary decomposition of its length, largest first, and its hash is
// the dot-fold of those tiles from right to left. The digest of size n is the range [0, n), whose
// tiles are the frontier.
import { dotUnchecked } from './dot';
import { checkHash } from './hash';
import type { TreeNodeAddress } from './tree-node-address';
import type { TreeNodeSource } from './tree-node-source';

/** An aligned range of leaves [start, end), end > start: one node of the ledger tree. */
export interface TreeRange {
  readonly start: number;
  readonly end: number;
}

/** The addresses of the stored perfect nodes that tile `range`, left to right. */
export function rangeTiles(range: TreeRange): TreeNodeAddress[] {
  const tiles: TreeNodeAddress[] = [];
  let offset = range.start;
  let remaining = range.end - range.start;
  let width = 1;
  let level = 0;
  while (width * 2 <= remaining) {
    width *= 2;
    level++;
  }
  for (; remaining > 0; width /= 2, level--) {
    if (width > remaining) continue;
    tiles.push({ level, index: offset / width });
    offset += width;
    remaining -= width;
  }
  return tiles;
}

/** The hash of the node covering `range`: its tiles, read from `source`, folded right to left. */
export function rangeHash(source: TreeNodeSource, range: TreeRange): Uint8Array {
  const tiles = rangeTiles(range);
  let hash = readNode(source, tiles[tiles.length - 1]);
  for (let i = tiles.length - 2; i >= 0; i--) hash = dotUnchecked(readNode(source, tiles[i]), hash);
  return hash;
}

function readNode(source: TreeNodeSource, { level, index }: TreeNodeAddress): Uint8Array {
  return checkHash(source.node(level, index), `tree node (${level}, ${index})`);
}
