import { hashingVectors } from '../../../../test/support/vectors';
import { createHash } from 'node:crypto';
import { InvalidHashError, InvalidTreePositionError, MissingTreeNodeError } from './errors';
import { LedgerTree } from './ledger-tree';
import { foldProof, merkleRoot } from './merkle';
import type { TreeNode } from './tree-node-address';
import { TreeFrontier } from './tree-frontier';

interface TreeVector {
  size: number;
  digest: string;
  proofs: { index: number; proof: string[] }[];
}

const vectors = hashingVectors();
const hex = (hash: Uint8Array) => Buffer.from(hash).toString('hex');
/** The vectors' leaves: leaf i = sha256("leaf-" + i). */
const leaf = (i: number) => new Uint8Array(createHash('sha256').update(`leaf-${i}`).digest());
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leaf(i));

function treeOf(n: number): { tree: LedgerTree; stored: TreeNode[] } {
  const tree = new LedgerTree();
  const stored: TreeNode[] = [];
  for (const hash of leaves(n)) stored.push(...tree.append(hash).nodes);
  return { tree, stored };
}

describe('LedgerTree', () => {
  const { tree: big } = treeOf(300);

  it.each(vectors.tree as TreeVector[])('matches the vector digest and proofs at size $size', (v) => {
    const { tree } = treeOf(v.size);
    expect(hex(tree.digest())).toBe(v.digest);
    expect(hex(big.digest(v.size - 1))).toBe(v.digest);
    for (const { index, proof } of v.proofs) {
      expect(tree.inclusionProof(index).map(hex)).toEqual(proof);
      expect(big.inclusionProof(index, v.size - 1).map(hex)).toEqual(proof);
    }
  });

  it('has digest(tip) equal to merkleRoot of the first tip + 1 leaves, for every tip below 300', () => {
    const all = leaves(300);
    const growing = new LedgerTree();
    for (let n = 1; n <= 300; n++) {
      growing.append(all[n - 1]);
      const root = hex(merkleRoot(all.slice(0, n)));
      expect(hex(growing.digest())).toBe(root);
      expect(hex(big.digest(n - 1))).toBe(root);
    }
  });

  it('numbers appended leaves from 0 and reports the nodes each append creates', () => {
    const tree = new LedgerTree();
    expect(tree.append(leaf(0))).toEqual({ sequenceNo: 0, nodes: [{ level: 0, index: 0, hash: leaf(0) }] });
    const second = tree.append(leaf(1));
    expect(second.sequenceNo).toBe(1);
    expect(second.nodes.map(({ level, index }) => [level, index])).toEqual([[0, 1], [1, 0]]);
    expect(second.nodes[1].hash).toEqual(merkleRoot([leaf(0), leaf(1)]));
    expect(tree.size).toBe(2);
  });

  it('creates fewer than 2n nodes over n appends, and at most log2(n) + 1 per append', () => {
    const tree = new LedgerTree();
    let total = 0;
    let most = 0;
    for (let i = 0; i < 10_000; i++) {
      const { nodes } = tree.append(leaf(i % 500));
      total += nodes.length;
      most = Math.max(most, nodes.length);
    }
    expect(total).toBeLessThan(2 * 10_000);
    expect(total).toBe(2 * 10_000 - popCount(10_000));
    expect(most).toBe(14); // 8192 = 2^13 completes 13 parents above the leaf
  });

  it('is rebuilt from its stored nodes, in any order, with the same digests and proofs', () => {
    const { tree, stored } = treeOf(1000);
    const restored = LedgerTree.restore(1000, shuffle(stored));
    expect(restored.size).toBe(1000);
    expect(restored.peaks).toEqual(tree.peaks);
    for (let tip = 0; tip < 1000; tip += 7) {
      expect(restored.digest(tip)).toEqual(tree.digest(tip));
      const j = (tip * 13) % (tip + 1);
      expect(restored.inclusionProof(j, tip)).toEqual(tree.inclusionProof(j, tip));
      expect(restored.consistencyProof(j, tip)).toEqual(tree.consistencyProof(j, tip));
    }
    restored.append(leaf(1000));
    tree.append(leaf(1000));
    expect(restored.digest()).toEqual(tree.digest());
  });

  it('continues from a frontier alone exactly as the full tree does', () => {
    const { tree } = treeOf(777);
    const frontier = TreeFrontier.fromPeaks(777, tree.peaks.map((peak) => peak.hash));
    expect(frontier.digest()).toEqual(tree.digest());
    for (let i = 777; i < 900; i++) expect(frontier.append(leaf(i))).toEqual(tree.append(leaf(i)).nodes);
    expect(frontier.digest()).toEqual(tree.digest());
  });

  it('copies a frontier that appends apart from the original', () => {
    const { tree } = treeOf(777);
    const frontier = TreeFrontier.fromPeaks(777, tree.peaks.map((peak) => peak.hash));
    const before = frontier.digest();
    const copy = frontier.copy();
    for (let i = 777; i < 900; i++) expect(copy.append(leaf(i))).toEqual(tree.append(leaf(i)).nodes);
    expect(copy.digest()).toEqual(tree.digest());
    expect([frontier.size, frontier.digest()]).toEqual([777, before]);
  });

  it('refuses to restore from a set of nodes that is incomplete or has extras', () => {
    const { stored } = treeOf(20);
    const withoutOne = stored.filter((node) => !(node.level === 2 && node.index === 1));
    expect(() => LedgerTree.restore(20, withoutOne)).toThrow(MissingTreeNodeError);
    expect(() => LedgerTree.restore(20, withoutOne)).toThrow(/level 2, index 1/);
    expect(() => LedgerTree.restore(19, stored)).toThrow(InvalidTreePositionError);
    expect(() => LedgerTree.restore(20, [...stored, stored[3]])).toThrow(InvalidTreePositionError);
    expect(() => LedgerTree.restore(20, null as unknown as TreeNode[])).toThrow(InvalidTreePositionError);
    expect(() => LedgerTree.restore(20, [null as unknown as TreeNode])).toThrow(/nodes\[0\] is null/);
    const corrupt = stored.map((node, i) => (i === 5 ? { ...node, hash: new Uint8Array(3) } : node));
    expect(() => LedgerTree.restore(20, corrupt)).toThrow(InvalidHashError);
  });

  it('keeps its state to itself: mutating returned or appended hashes changes nothing', () => {
    const tree = new LedgerTree();
    const input = leaf(0);
    const { nodes } = tree.append(input);
    const before = tree.digest();
    input.fill(0);
    (nodes[0].hash as Uint8Array).fill(1);
    tree.digest().fill(2);
    tree.peaks[0].hash.fill(3);
    expect(tree.digest()).toEqual(before);
    expect(tree.nodes.node(0, 0)).toEqual(before);
  });

  it('has the empty hash as the digest of an empty tree', () => {
    expect(new LedgerTree().digest()).toHaveLength(0);
    expect(LedgerTree.restore(0, []).digest()).toHaveLength(0);
  });

  it('rejects bad input with typed errors that name the value', () => {
    const { tree } = treeOf(3);
    expect(() => tree.append(new Uint8Array(31))).toThrow(InvalidHashError);
    expect(() => tree.append('x' as unknown as Uint8Array)).toThrow(/leaf is "x"/);
    expect(() => tree.inclusionProof(3)).toThrow(InvalidTreePositionError);
    expect(() => tree.inclusionProof(3)).toThrow(/sequenceNo 3 is not a leaf of a tree of 3 leaves/);
    expect(() => tree.inclusionProof(1, 0)).toThrow(/sequenceNo 1 is not a leaf of a tree of 1 leaves/);
    expect(() => tree.inclusionProof(1.5)).toThrow(/sequenceNo is 1.5; expected a non-negative integer/);
    expect(() => tree.inclusionProof(0, 3)).toThrow(/tipSequenceNo 3/);
    expect(() => tree.digest(-1)).toThrow(InvalidTreePositionError);
    expect(() => tree.digest('1' as unknown as number)).toThrow(InvalidTreePositionError);
    expect(() => tree.consistencyProof(2, 1)).toThrow(/oldTipSequenceNo 2 is not a leaf of a tree of 2 leaves/);
    expect(() => new LedgerTree().inclusionProof(0)).toThrow(/the ledger tree is empty/);
    expect(() => new LedgerTree().digest(0)).toThrow(InvalidTreePositionError);
    expect(() => TreeFrontier.fromPeaks(3, [leaf(0)])).toThrow(/a tree of 3 leaves has 2 peaks, not 1/);
  });
});

function popCount(n: number): number {
  return n.toString(2).replace(/0/g, '').length;
}

function shuffle<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = (i * 7919 + 17) % (i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

// foldProof is exercised on every proof in inclusion-proof.spec.ts; here one check ties the two.
test('a LedgerTree proof folds to its digest', () => {
  const { tree } = treeOf(5);
  expect(foldProof(leaf(3), tree.inclusionProof(3))).toEqual(tree.digest());
});
