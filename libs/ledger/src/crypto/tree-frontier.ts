// The frontier of the ledger tree: the roots of the perfect subtrees that the binary decomposition
// of its size splits it into (its peaks). Enough to append leaves and to compute the current
// digest without reading any other node, so a storage layer can keep just this in memory.
import { dotUnchecked } from './dot';
import { checkHash, copyHash } from './hash';
import type { TreeNode } from './tree-node-address';
import { digestNodes } from './tree-digest';
import { checkCount } from './tree-position';
import { InvalidTreePositionError } from './errors/invalid-tree-position.error';

export class TreeFrontier {
  private digestCache: Uint8Array | undefined;

  private constructor(
    private treeSize: number,
    /** Left to right: highest level first. */
    private readonly peakNodes: TreeNode[],
  ) {}

  /** The frontier of the empty tree. */
  static empty(): TreeFrontier {
    return new TreeFrontier(0, []);
  }

  /** The frontier of a tree of `treeSize` leaves from its stored peak hashes, left to right. */
  static fromPeaks(treeSize: number, peaks: readonly Uint8Array[]): TreeFrontier {
    checkCount(treeSize, 'treeSize');
    const addresses = treeSize === 0 ? [] : digestNodes(treeSize);
    if (!Array.isArray(peaks) || peaks.length !== addresses.length) {
      throw new InvalidTreePositionError(
        `a tree of ${treeSize} leaves has ${addresses.length} peaks, not ${Array.isArray(peaks) ? peaks.length : 'none'}`,
        peaks,
      );
    }
    const nodes = addresses.map((address, i) => ({ ...address, hash: copyHash(checkHash(peaks[i], `peaks[${i}]`)) }));
    return new TreeFrontier(treeSize, nodes);
  }

  /** A frontier that appends apart from this one (peak nodes are never changed in place, so they are shared). */
  copy(): TreeFrontier {
    return new TreeFrontier(this.treeSize, [...this.peakNodes]);
  }

  /** The number of leaves. */
  get size(): number {
    return this.treeSize;
  }

  /** The peaks, left (highest level) to right. */
  get peaks(): readonly TreeNode[] {
    return this.peakNodes.map((peak) => ({ ...peak, hash: copyHash(peak.hash) }));
  }

  /** The digest: the peaks folded with dot from right to left; the empty hash for an empty tree. */
  digest(): Uint8Array {
    this.digestCache ??= this.peakNodes.reduceRight<Uint8Array>((acc, peak) => dotUnchecked(peak.hash, acc), new Uint8Array(0));
    return copyHash(this.digestCache);
  }

  /**
   * Appends `leaf` (a 32-byte hash) and returns the nodes this creates: the leaf itself, then one
   * parent for each perfect subtree the leaf completes (one on average).
   */
  append(leaf: Uint8Array): TreeNode[] {
    let node: TreeNode = { level: 0, index: this.treeSize, hash: copyHash(checkHash(leaf, 'leaf')) };
    const created = [node];
    while (node.index % 2 === 1) {
      const left = this.peakNodes.pop() as TreeNode;
      node = { level: node.level + 1, index: (node.index - 1) / 2, hash: dotUnchecked(left.hash, node.hash) };
      created.push(node);
    }
    this.peakNodes.push({ ...node, hash: copyHash(node.hash) });
    this.treeSize++;
    this.digestCache = undefined;
    return created;
  }
}
