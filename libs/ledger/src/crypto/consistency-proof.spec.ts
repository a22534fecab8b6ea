import { createHash } from 'node:crypto';
import { computeConsistencyProof, consistencyProofNodes, verifyConsistency } from './consistency-proof';
import { InvalidHashError, InvalidProofError, InvalidTreePositionError } from './errors';
import { LedgerTree } from './ledger-tree';
import { merkleRoot } from './merkle';
import { treeNodeSourceOf } from './tree-node-source';

const leaf = (i: number) => new Uint8Array(createHash('sha256').update(`leaf-${i}`).digest());
const hex = (hash: Uint8Array) => Buffer.from(hash).toString('hex');
const flipBit = (hash: Uint8Array) => hash.map((byte, i) => (i === 31 ? byte ^ 0x80 : byte));
const MAX = 128;

interface Range {
  start: number;
  end: number;
}

/** RFC 9162 §2.1.4.1 SUBPROOF(m, D[start:end], b), written recursively from the RFC, as leaf ranges. */
function referenceSubproof(m: number, start: number, end: number, whole: boolean): Range[] {
  const n = end - start;
  if (m === n) return whole ? [] : [{ start, end }];
  let k = 1;
  while (k * 2 < n) k *= 2;
  return m <= k
    ? [...referenceSubproof(m, start, start + k, whole), { start: start + k, end }]
    : [...referenceSubproof(m - k, start + k, end, false), { start, end: start + k }];
}

const isPowerOfTwo = (n: number) => (n & (n - 1)) === 0;

/**
 * What a verifier can tell about the sizes from a proof of (m, n) under a commutative node hash:
 * whether the old digest starts the path, and which elements lie inside the old tree.
 */
function proofShape(m: number, n: number): string {
  if (m > n) return 'none';
  const inOld = referenceSubproof(m, 0, n, true).map((range) => (range.end <= m ? 'old' : 'new'));
  return `${isPowerOfTwo(m) ? 'seeded' : 'unseeded'}:${inOld.join(',')}`;
}

describe('consistency proofs', () => {
  const leaves = Array.from({ length: MAX }, (_, i) => leaf(i));
  const tree = new LedgerTree();
  for (const hash of leaves) tree.append(hash);
  const digests = [new Uint8Array(0), ...leaves.map((_, tip) => tree.digest(tip))]; // digests[size]
  const rangeHashes = new Map<string, string>();
  const referenceHash = ({ start, end }: Range) => {
    const key = `${start}:${end}`;
    if (!rangeHashes.has(key)) rangeHashes.set(key, hex(merkleRoot(leaves.slice(start, end))));
    return rangeHashes.get(key);
  };

  /** Runs `check` on the proof of every pair of sizes 1 ≤ m < n ≤ MAX; returns what failed. */
  function everyPair(check: (m: number, n: number, proof: Uint8Array[]) => string[]): string[] {
    const failures: string[] = [];
    for (let n = 2; n <= MAX; n++) {
      for (let m = 1; m < n; m++) failures.push(...check(m, n, tree.consistencyProof(m - 1, n - 1)));
    }
    return failures;
  }

  it('equal RFC 9162 SUBPROOF and verify, for every pair of sizes 1 ≤ m < n ≤ 128', () => {
    const failures = everyPair((m, n, proof) => {
      const problems: string[] = [];
      const expected = referenceSubproof(m, 0, n, true).map(referenceHash);
      if (proof.map(hex).join() !== expected.join()) problems.push('differs from SUBPROOF');
      if (!verifyConsistency(digests[m], m, digests[n], n, proof)) problems.push('rejected');
      return problems.map((problem) => `${m} → ${n}: ${problem}`);
    });
    expect(failures).toEqual([]);
  });

  it('fail with any proof hash, either root altered, or the proof truncated or extended', () => {
    const failures = everyPair((m, n, proof) => {
      const [oldRoot, newRoot] = [digests[m], digests[n]];
      const forgeries: [string, Uint8Array, Uint8Array, Uint8Array[]][] = proof.map((_, i) => [
        `element ${i} altered`,
        oldRoot,
        newRoot,
        proof.map((h, k) => (k === i ? flipBit(h) : h)),
      ]);
      forgeries.push(['old root altered', flipBit(oldRoot), newRoot, proof]);
      forgeries.push(['new root altered', oldRoot, flipBit(newRoot), proof]);
      forgeries.push(['roots swapped', newRoot, oldRoot, proof]);
      forgeries.push(['first element dropped', oldRoot, newRoot, proof.slice(1)]);
      forgeries.push(['last element dropped', oldRoot, newRoot, proof.slice(0, -1)]);
      forgeries.push(['element appended', oldRoot, newRoot, [...proof, leaves[0]]]);
      forgeries.push(['old root prepended', oldRoot, newRoot, [oldRoot, ...proof]]);
      forgeries.push(['element repeated', oldRoot, newRoot, [...proof, proof[proof.length - 1]]]);
      return forgeries
        .filter(([, o, nw, p]) => verifyConsistency(o, m, nw, n, p))
        .map(([what]) => `${m} → ${n}: accepted with ${what}`);
    });
    expect(failures).toEqual([]);
  });

  it('fail when either size is altered, unless the altered sizes give the proof the same shape', () => {
    // A proof commits to the sizes only through its shape (as in RFC 9162, where a size change that
    // keeps the shape cannot be detected either); signed checkpoints bind size and digest together.
    const outcomes = { rejected: 0, indistinguishable: 0 };
    const failures = everyPair((m, n, proof) => {
      const claims: [number, number][] = [[m - 1, n], [m + 1, n], [m, n - 1], [m, n + 1], [m + 1, n + 1]];
      return claims
        .filter(([oldSize]) => oldSize >= 1)
        .filter(([oldSize, newSize]) => {
          const sameShape = proofShape(oldSize, newSize) === proofShape(m, n);
          outcomes[sameShape ? 'indistinguishable' : 'rejected']++;
          return verifyConsistency(digests[m], oldSize, digests[n], newSize, proof) !== sameShape;
        })
        .map(([oldSize, newSize]) => `${m} → ${n} claimed as ${oldSize} → ${newSize}`);
    });
    expect(failures).toEqual([]);
    expect(outcomes.rejected).toBeGreaterThan(outcomes.indistinguishable);
  });

  it('are empty between equal sizes, which verify only with equal digests', () => {
    expect(tree.consistencyProof(9, 9)).toEqual([]);
    expect(verifyConsistency(digests[10], 10, digests[10], 10, [])).toBe(true);
    expect(verifyConsistency(digests[10], 10, digests[11], 10, [])).toBe(false);
    expect(verifyConsistency(digests[10], 10, digests[10], 10, [leaves[0]])).toBe(false);
    expect(verifyConsistency(digests[11], 11, digests[10], 10, tree.consistencyProof(9, 10))).toBe(false);
  });

  it('need exactly the nodes consistencyProofNodes lists, O(log n) of them', () => {
    for (const [m, n] of [[1, 2], [3, 7], [4, 8], [5, 128], [64, 128], [100, 127], [127, 128]]) {
      const addresses = consistencyProofNodes(m, n);
      expect(addresses.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(n)));
      const source = treeNodeSourceOf(addresses.map(({ level, index }) => ({ level, index, hash: tree.nodes.node(level, index) })));
      expect(computeConsistencyProof(source, m, n)).toEqual(tree.consistencyProof(m - 1, n - 1));
    }
  });

  it('address nodes that tile the new tree (with the old tree when its digest starts the path), past 2^32', () => {
    for (const [m, n] of [[2 ** 32, 2 ** 40 + 1], [2 ** 33 + 7, 2 ** 40 + 12345], [1, 2 ** 52 + 3], [2 ** 52 + 2, 2 ** 52 + 3]]) {
      const tiles = consistencyProofNodes(m, n).map(({ level, index }) => [index * 2 ** level, (index + 1) * 2 ** level]);
      if (isPowerOfTwoLarge(m)) tiles.push([0, m]);
      tiles.sort((a, b) => a[0] - b[0]);
      tiles.forEach(([start], i) => expect(start).toBe(i === 0 ? 0 : tiles[i - 1][1]));
      expect(tiles[tiles.length - 1][1]).toBe(n);
    }
  });

  it('verify only well-formed input, with typed errors', () => {
    const proof = tree.consistencyProof(2, 5);
    expect(() => verifyConsistency(new Uint8Array(3), 3, digests[6], 6, proof)).toThrow(InvalidHashError);
    expect(() => verifyConsistency(digests[3], 3, null as unknown as Uint8Array, 6, proof)).toThrow(/newDigest is null/);
    expect(() => verifyConsistency(digests[3], 3, digests[6], 6, [proof[0], 'x' as unknown as Uint8Array])).toThrow(InvalidProofError);
    expect(() => verifyConsistency(digests[3], 3, digests[6], 6, {} as Uint8Array[])).toThrow(/proof is Object object/);
    expect(() => verifyConsistency(digests[3], 0, digests[6], 6, proof)).toThrow(InvalidTreePositionError);
    expect(() => verifyConsistency(digests[3], 3, digests[6], 6.5, proof)).toThrow(/newSize is 6.5/);
    expect(() => consistencyProofNodes(6, 3)).toThrow(/oldSize 6 is larger than newSize 3/);
  });
});

function isPowerOfTwoLarge(n: number): boolean {
  return Number.isInteger(Math.log2(n)) && 2 ** Math.log2(n) === n;
}
