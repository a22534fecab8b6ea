import { createHash } from 'node:crypto';
import { InvalidHashError, InvalidProofError, InvalidTreePositionError, MissingTreeNodeError } from './errors';
import { computeInclusionProof, inclusionProofNodes, verifyInclusion } from './inclusion-proof';
import { LedgerTree } from './ledger-tree';
import { foldProof, merkleRoot } from './merkle';
import { merklePath } from './merkle-path';
import type { TreeNode } from './tree-node-address';
import { treeNodeSourceOf } from './tree-node-source';

const leaf = (i: number) => new Uint8Array(createHash('sha256').update(`leaf-${i}`).digest());
const hex = (hash: Uint8Array) => Buffer.from(hash).toString('hex');
const flipBit = (hash: Uint8Array) => hash.map((byte, i) => (i === 0 ? byte ^ 1 : byte));
const MAX = 300;

/** RFC 9162 §2.1.3.1 PATH, written recursively from the RFC's definition with merkleRoot as MTH. */
function referencePath(leaves: readonly Uint8Array[], m: number): Uint8Array[] {
  if (leaves.length <= 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  return m < k
    ? [...referencePath(leaves.slice(0, k), m), merkleRoot(leaves.slice(k))]
    : [...referencePath(leaves.slice(k), m - k), merkleRoot(leaves.slice(0, k))];
}

/** The length of RFC 9162's PATH(m, D[n]). */
function referencePathLength(m: number, n: number): number {
  if (n <= 1) return 0;
  const k = largestPowerOfTwoBelow(n);
  return 1 + (m < k ? referencePathLength(m, k) : referencePathLength(m - k, n - k));
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

describe('inclusion proofs', () => {
  const leaves = Array.from({ length: MAX }, (_, i) => leaf(i));
  const tree = new LedgerTree();
  const stored: TreeNode[] = [];
  for (const hash of leaves) stored.push(...tree.append(hash).nodes);
  const digests = leaves.map((_, tip) => tree.digest(tip));

  /** Runs `check` on the proof of every leaf of every tree size 1..MAX; returns what failed. */
  function everyProof(check: (j: number, n: number, proof: Uint8Array[], digest: Uint8Array) => string[]): string[] {
    const failures: string[] = [];
    for (let n = 1; n <= MAX; n++) {
      for (let j = 0; j < n; j++) failures.push(...check(j, n, tree.inclusionProof(j, n - 1), digests[n - 1]));
    }
    return failures;
  }

  it('fold to the digest and verify, for every leaf of every tree size 1..300', () => {
    const failures = everyProof((j, n, proof, digest) => {
      const problems: string[] = [];
      if (proof.length !== referencePathLength(j, n)) problems.push(`length ${proof.length}`);
      if (hex(foldProof(leaves[j], proof)) !== hex(digest)) problems.push('does not fold to the digest');
      if (!verifyInclusion(leaves[j], j, n, proof, digest)) problems.push('rejected');
      return problems.map((problem) => `leaf ${j} of ${n}: ${problem}`);
    });
    expect(failures).toEqual([]);
  });

  it('are rejected with an altered sibling, an extra or a missing element, a wrong leaf or digest', () => {
    const failures = everyProof((j, n, proof, digest) => {
      // Every sibling in turn up to 128 leaves; beyond, one sibling per proof, rotating with j.
      const altered = proof.map((_, i) => i).filter((i) => n <= 128 || i === j % proof.length);
      const forgeries: [string, Uint8Array[], Uint8Array, Uint8Array][] = altered.map((i) => [
        `sibling ${i} altered`,
        proof.map((h, k) => (k === i ? flipBit(h) : h)),
        leaves[j],
        digest,
      ]);
      forgeries.push(['extra element last', [...proof, leaves[0]], leaves[j], digest]);
      forgeries.push(['extra element first', [digest, ...proof], leaves[j], digest]);
      if (proof.length > 0) {
        forgeries.push(['first element missing', proof.slice(1), leaves[j], digest]);
        forgeries.push(['last element missing', proof.slice(0, -1), leaves[j], digest]);
      }
      forgeries.push(['leaf altered', proof, flipBit(leaves[j]), digest]);
      forgeries.push(['digest altered', proof, leaves[j], flipBit(digest)]);
      return forgeries
        .filter(([, forged, forgedLeaf, forgedDigest]) => verifyInclusion(forgedLeaf, j, n, forged, forgedDigest))
        .map(([what]) => `leaf ${j} of ${n}: accepted with ${what}`);
    });
    expect(failures).toEqual([]);
  });

  it('are rejected at a wrong index or size unless that position has a proof of the same length', () => {
    // dot is commutative, so a proof binds a leaf's position only through its length: e.g. the two
    // leaves under one parent, or any two leaves of a tree of 2^k leaves, share every proof.
    const outcomes = { rejected: 0, indistinguishable: 0 };
    const failures = everyProof((j, n, proof, digest) => {
      const claims: [number, number][] = [[j - 1, n], [j + 1, n], [j, n - 1], [j, n + 1]];
      return claims
        .filter(([index, size]) => index >= 0 && size >= 1)
        .filter(([index, size]) => {
          const sameShape = index < size && referencePathLength(index, size) === proof.length;
          outcomes[sameShape ? 'indistinguishable' : 'rejected']++;
          return verifyInclusion(leaves[j], index, size, proof, digest) !== sameShape;
        })
        .map(([index, size]) => `leaf ${j} of ${n} claimed as leaf ${index} of ${size}`);
    });
    expect(failures).toEqual([]);
    expect(outcomes.rejected).toBeGreaterThan(0);
    expect(outcomes.indistinguishable).toBeGreaterThan(0);
  });

  it('equal RFC 9162 PATH and merklePath over the same leaves', () => {
    for (let n = 1; n <= 64; n++) {
      for (let j = 0; j < n; j++) {
        const proof = tree.inclusionProof(j, n - 1).map(hex);
        expect(referencePath(leaves.slice(0, n), j).map(hex)).toEqual(proof);
        expect(merklePath(leaves.slice(0, n), j).map(hex)).toEqual(proof);
      }
    }
  });

  it('need exactly the nodes inclusionProofNodes lists, O(log n) of them', () => {
    for (const n of [1, 2, 3, 7, 8, 9, 100, 255, 256, 257, 300]) {
      for (let j = 0; j < n; j += 3) {
        const addresses = inclusionProofNodes(j, n);
        expect(addresses.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)));
        const source = treeNodeSourceOf(addresses.map(({ level, index }) => ({ level, index, hash: tree.nodes.node(level, index) })));
        expect(computeInclusionProof(source, j, n)).toEqual(tree.inclusionProof(j, n - 1));
      }
    }
    expect(() => computeInclusionProof(treeNodeSourceOf([]), 0, 2)).toThrow(MissingTreeNodeError);
  });

  it('address nodes that, with the leaf, tile the whole tree, even past 2^32 leaves', () => {
    for (const n of [2 ** 40 + 12345, 2 ** 33 - 1, 2 ** 52 + 3]) {
      for (const j of [0, 1, 2 ** 32 + 5, n - 2, n - 1, Math.floor(n / 3)]) {
        const tiles = inclusionProofNodes(j, n).map(({ level, index }) => {
          expect(Number.isSafeInteger(index)).toBe(true);
          return [index * 2 ** level, (index + 1) * 2 ** level];
        });
        tiles.push([j, j + 1]);
        tiles.sort((a, b) => a[0] - b[0]);
        tiles.forEach(([start], i) => expect(start).toBe(i === 0 ? 0 : tiles[i - 1][1]));
        expect(tiles[tiles.length - 1][1]).toBe(n);
      }
    }
  });

  it('verify only well-formed input, with typed errors', () => {
    const [h, d] = [leaves[0], digests[1]];
    expect(() => verifyInclusion(new Uint8Array(31), 0, 2, [leaves[1]], d)).toThrow(InvalidHashError);
    expect(() => verifyInclusion(h, 0, 2, [leaves[1]], new Uint8Array(0))).toThrow(/digest is Uint8Array\(0\)/);
    expect(() => verifyInclusion(h, 0, 2, 'x' as unknown as Uint8Array[], d)).toThrow(InvalidProofError);
    expect(() => verifyInclusion(h, 0, 2, [leaves[1], {} as Uint8Array], d)).toThrow(/proof\[1\] is Object object/);
    expect(() => verifyInclusion(h, -1, 2, [leaves[1]], d)).toThrow(InvalidTreePositionError);
    expect(() => verifyInclusion(h, 0, NaN, [leaves[1]], d)).toThrow(/treeSize is NaN/);
    expect(verifyInclusion(h, 2, 2, [leaves[1]], d)).toBe(false);
    expect(verifyInclusion(h, 0, 0, [], d)).toBe(false);
    expect(() => inclusionProofNodes(5, 5)).toThrow(/leafIndex 5 is not a leaf of a tree of 5 leaves/);
    expect(() => inclusionProofNodes(0, 0)).toThrow(/treeSize is 0/);
  });
});
