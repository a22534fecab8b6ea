// Consistency proofs between two digests of the ledger tree (ledger-format.md §5): RFC 9162
// §2.1.4 with dot as the node hash, showing that the tree of `newSize` leaves only appended to the
// tree of `oldSize` leaves. Which stored nodes a proof needs, its computation, and its verification.
import { dotUnchecked } from './dot';
import { checkHash, checkProof, hashesEqual } from './hash';
import type { TreeNodeAddress } from './tree-node-address';
import type { TreeNodeSource } from './tree-node-source';
import { checkTreeSize } from './tree-position';
import { rangeHash, rangeTiles, type TreeRange } from './tree-range';
import { InvalidTreePositionError } from './errors/invalid-tree-position.error';

/** The addresses of the stored nodes the consistency proof from `oldSize` to `newSize` leaves needs. */
export function consistencyProofNodes(oldSize: number, newSize: number): TreeNodeAddress[] {
  return consistencyProofRanges(oldSize, newSize).flatMap(rangeTiles);
}

/** The consistency proof from the tree of `oldSize` leaves to the tree of `newSize` leaves. */
export function computeConsistencyProof(source: TreeNodeSource, oldSize: number, newSize: number): Uint8Array[] {
  return consistencyProofRanges(oldSize, newSize).map((range) => rangeHash(source, range));
}

/**
 * True when `proof` shows that the tree of `newSize` leaves with digest `newDigest` extends the
 * tree of `oldSize` leaves with digest `oldDigest`. Both digests are recomputed from the proof and
 * every element is accounted for, so a proof with a missing or an extra element fails.
 */
export function verifyConsistency(
  oldDigest: Uint8Array,
  oldSize: number,
  newDigest: Uint8Array,
  newSize: number,
  proof: readonly Uint8Array[],
): boolean {
  checkHash(oldDigest, 'verifyConsistency: oldDigest');
  checkHash(newDigest, 'verifyConsistency: newDigest');
  checkProof(proof, 'verifyConsistency: proof');
  checkTreeSize(oldSize, 'verifyConsistency: oldSize');
  checkTreeSize(newSize, 'verifyConsistency: newSize');
  if (oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && hashesEqual(oldDigest, newDigest);
  return recomputeBothDigests(oldDigest, oldSize, newDigest, newSize, proof);
}

/**
 * RFC 9162 §2.1.4.2, adapted to dot. `oldEdge` and `newEdge` are the positions of the last old and
 * the last new leaf's ancestors on the current level. A proof element joins both digests while
 * it lies left of the old tree's edge, and only the new digest once it lies right of it.
 */
function recomputeBothDigests(
  oldDigest: Uint8Array,
  oldSize: number,
  newDigest: Uint8Array,
  newSize: number,
  proof: readonly Uint8Array[],
): boolean {
  const path = isPowerOfTwo(oldSize) ? [oldDigest, ...proof] : proof;
  if (path.length === 0) return false;
  let oldEdge = oldSize - 1;
  let newEdge = newSize - 1;
  while (isOdd(oldEdge)) [oldEdge, newEdge] = [half(oldEdge), half(newEdge)];
  let oldRoot = path[0];
  let newRoot = path[0];
  for (const element of path.slice(1)) {
    if (newEdge === 0) return false;
    if (isOdd(oldEdge) || oldEdge === newEdge) {
      oldRoot = dotUnchecked(element, oldRoot);
      newRoot = dotUnchecked(element, newRoot);
      while (!isOdd(oldEdge) && oldEdge !== 0) [oldEdge, newEdge] = [half(oldEdge), half(newEdge)];
    } else {
      newRoot = dotUnchecked(newRoot, element);
    }
    [oldEdge, newEdge] = [half(oldEdge), half(newEdge)];
  }
  return newEdge === 0 && hashesEqual(oldRoot, oldDigest) && hashesEqual(newRoot, newDigest);
}

/**
 * The nodes of the proof as leaf ranges, bottom-up: RFC 9162's SUBPROOF walked top-down. Descending
 * into the left subtree records the right one, which holds only new leaves; descending into the
 * right subtree records the left one, which holds only old leaves. Where the walk reaches a subtree
 * whose leaves are all old, that subtree is recorded too, unless it is the whole old tree (whose
 * digest the verifier already holds).
 */
function consistencyProofRanges(oldSize: number, newSize: number): TreeRange[] {
  checkTreeSize(oldSize, 'oldSize');
  checkTreeSize(newSize, 'newSize');
  if (oldSize > newSize) {
    throw new InvalidTreePositionError(`oldSize ${oldSize} is larger than newSize ${newSize}`, oldSize);
  }
  const upperRanges: TreeRange[] = [];
  let start = 0;
  let size = newSize;
  let oldPart = oldSize;
  while (oldPart !== size) {
    const left = largestPowerOfTwoBelow(size);
    if (oldPart <= left) {
      upperRanges.push({ start: start + left, end: start + size });
      size = left;
    } else {
      upperRanges.push({ start, end: start + left });
      start += left;
      size -= left;
      oldPart -= left;
    }
  }
  const wholeOldTree = start === 0;
  const bottom = wholeOldTree ? [] : [{ start, end: start + size }];
  return bottom.concat(upperRanges.reverse());
}

/** The largest power of two strictly below `n` (n ≥ 2); plain arithmetic, no 32-bit limit. */
function largestPowerOfTwoBelow(n: number): number {
  let power = 1;
  while (power * 2 < n) power *= 2;
  return power;
}

function isPowerOfTwo(n: number): boolean {
  return largestPowerOfTwoBelow(n + 1) === n;
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}
