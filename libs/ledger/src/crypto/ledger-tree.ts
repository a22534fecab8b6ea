// The ledger tree held in memory (ledger-format.md §5): leaves are the block hashes of sequenceNo
// 0…tip, shaped like merkleRoot. Appends keep the frontier and store each perfect-subtree node once
// (see tree-node-address.ts); digests and proofs at any tip are computed from those nodes.
// Positions here are sequence numbers and tips; the pure functions it uses take tree sizes (tip + 1).
import { describeValue } from '../errors';
import { computeConsistencyProof } from './consistency-proof';
import { computeInclusionProof } from './inclusion-proof';
import { MemoryTreeNodeStore } from './memory-tree-node-store';
import type { TreeNode } from './tree-node-address';
import type { TreeNodeSource } from './tree-node-source';
import { computeDigest, digestNodes } from './tree-digest';
import { TreeFrontier } from './tree-frontier';
import { checkCount, checkLeafIndex } from './tree-position';
import { InvalidTreePositionError } from './errors/invalid-tree-position.error';
import { MissingTreeNodeError } from './errors/missing-tree-node.error';

/** What one append did: the leaf's sequence number and the nodes it created, for storage to persist. */
export interface TreeAppend {
  readonly sequenceNo: number;
  /** The leaf node first, then each parent it completed, bottom-up. */
  readonly nodes: readonly TreeNode[];
}

export class LedgerTree {
  private store = new MemoryTreeNodeStore();
  private frontier = TreeFrontier.empty();

  /**
   * The tree of `size` leaves rebuilt from its stored nodes, in any order: every perfect-subtree
   * node of that size exactly once (the frontier is among them). Nothing is rehashed.
   */
  static restore(size: number, nodes: Iterable<TreeNode>): LedgerTree {
    checkCount(size, 'size');
    const tree = new LedgerTree();
    for (const node of sortByAddress(nodes)) restoreNode(tree.store, node);
    checkComplete(tree.store, size);
    const peaks = size === 0 ? [] : digestNodes(size).map(({ level, index }) => tree.store.node(level, index));
    tree.frontier = TreeFrontier.fromPeaks(size, peaks);
    return tree;
  }

  /** The number of leaves (blocks). */
  get size(): number {
    return this.frontier.size;
  }

  /** The stored nodes, for reading. */
  get nodes(): TreeNodeSource {
    return this.store;
  }

  /** The peaks of the current tree, left to right. */
  get peaks(): readonly TreeNode[] {
    return this.frontier.peaks;
  }

  /** Appends the next block hash; returns its sequence number and the nodes created. */
  append(blockHash: Uint8Array): TreeAppend {
    const nodes = this.frontier.append(blockHash);
    for (const node of nodes) this.store.put(node);
    return { sequenceNo: nodes[0].index, nodes };
  }

  /** The digest at `tipSequenceNo` (default: the last block); the empty hash for an empty tree. */
  digest(tipSequenceNo?: number): Uint8Array {
    if (tipSequenceNo === undefined || this.checkTip(tipSequenceNo) === this.size - 1) return this.frontier.digest();
    return computeDigest(this.store, tipSequenceNo + 1);
  }

  /** The proof from block `sequenceNo` to the digest at `tipSequenceNo` (default: the last block). */
  inclusionProof(sequenceNo: number, tipSequenceNo?: number): Uint8Array[] {
    const tip = this.tipOrLast(tipSequenceNo);
    checkLeafIndex(sequenceNo, tip + 1, 'sequenceNo');
    return computeInclusionProof(this.store, sequenceNo, tip + 1);
  }

  /** The proof that the digest at `newTipSequenceNo` (default: the last block) extends the one at `oldTipSequenceNo`. */
  consistencyProof(oldTipSequenceNo: number, newTipSequenceNo?: number): Uint8Array[] {
    const newTip = this.tipOrLast(newTipSequenceNo);
    checkLeafIndex(oldTipSequenceNo, newTip + 1, 'oldTipSequenceNo');
    return computeConsistencyProof(this.store, oldTipSequenceNo + 1, newTip + 1);
  }

  private tipOrLast(tipSequenceNo: number | undefined): number {
    return tipSequenceNo === undefined ? this.checkTip(this.size - 1) : this.checkTip(tipSequenceNo);
  }

  private checkTip(tipSequenceNo: number): number {
    if (this.size === 0) throw new InvalidTreePositionError('the ledger tree is empty: it has no tip', tipSequenceNo);
    return checkLeafIndex(tipSequenceNo, this.size, 'tipSequenceNo');
  }
}

/** The nodes sorted by level, then index; each checked to have an integer address. */
function sortByAddress(nodes: Iterable<TreeNode>): TreeNode[] {
  if (typeof (nodes as Partial<Iterable<TreeNode>> | null)?.[Symbol.iterator] !== 'function') {
    throw new InvalidTreePositionError(`nodes is ${describeValue(nodes)}; expected an iterable of tree nodes`, nodes);
  }
  const list = [...nodes];
  list.forEach((node, i) => {
    if (typeof node !== 'object' || node === null) {
      throw new InvalidTreePositionError(`nodes[${i}] is ${describeValue(node)}; expected a tree node { level, index, hash }`, node);
    }
    checkCount(node.level, `nodes[${i}].level`);
    checkCount(node.index, `nodes[${i}].index`);
  });
  return list.sort((a, b) => a.level - b.level || a.index - b.index);
}

/** Stores the next node of a sorted list, telling a gap before it from a repeat. */
function restoreNode(store: MemoryTreeNodeStore, { level, index, hash }: TreeNode): void {
  if (level > store.height) throw new MissingTreeNodeError(store.height, 0);
  if (index > store.count(level)) throw new MissingTreeNodeError(level, store.count(level));
  if (index < store.count(level)) throw new InvalidTreePositionError(`tree node (${level}, ${index}) is given twice`, index);
  store.put({ level, index, hash });
}

/** Checks the store holds exactly the floor(size / 2^level) nodes of each level. */
function checkComplete(store: MemoryTreeNodeStore, size: number): void {
  for (let level = 0, expected = size; expected > 0 || level < store.height; level++, expected = Math.floor(expected / 2)) {
    if (store.count(level) < expected) throw new MissingTreeNodeError(level, store.count(level));
    if (store.count(level) > expected) {
      throw new InvalidTreePositionError(
        `level ${level} of a tree of ${size} leaves has ${expected} nodes, but ${store.count(level)} were given`,
        store.count(level),
      );
    }
  }
}
