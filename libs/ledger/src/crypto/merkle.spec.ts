import { hashingVectors } from '../../../../test/support/vectors';
import { createHash } from 'node:crypto';
import { dot } from './dot';
import { InvalidHashError, InvalidProofError, InvalidTreePositionError } from './errors';
import { foldProof, merkleRoot } from './merkle';
import { merklePath } from './merkle-path';

const vectors = hashingVectors();
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hex = (hash: Uint8Array) => Buffer.from(hash).toString('hex');
const hash = (seed: number) => new Uint8Array(32).map((_, i) => (seed * 31 + i * 7) & 0xff);

describe('merkleRoot', () => {
  it.each(vectors.merkleRoot as { leaves: string[]; root: string }[])(
    'matches the vector for $leaves.length leaves',
    ({ leaves, root }) => {
      expect(hex(merkleRoot(leaves.map(bytes)))).toBe(root);
    },
  );

  it('moves an odd last node up unchanged instead of duplicating it', () => {
    const [a, b, c] = [hash(1), hash(2), hash(3)];
    expect(merkleRoot([a, b, c])).toEqual(dot(dot(a, b), c));
    const [d, e] = [hash(4), hash(5)];
    expect(merkleRoot([a, b, c, d, e])).toEqual(dot(dot(dot(a, b), dot(c, d)), e));
  });

  it('rejects a bad element with InvalidHashError naming its index', () => {
    expect(() => merkleRoot([hash(1), new Uint8Array(5)])).toThrow(InvalidHashError);
    expect(() => merkleRoot([hash(1), new Uint8Array(5)])).toThrow(/hashes\[1\] is Uint8Array\(5\)/);
    expect(() => merkleRoot([hash(1), null as unknown as Uint8Array])).toThrow(/hashes\[1\] is null/);
  });

  it('rejects something other than an array with InvalidHashError', () => {
    expect(() => merkleRoot('abc' as unknown as Uint8Array[])).toThrow(InvalidHashError);
    expect(() => merkleRoot(undefined as unknown as Uint8Array[])).toThrow(/hashes is undefined/);
  });
});

describe('foldProof', () => {
  it('reduces the proof with dot from the leaf', () => {
    const [leaf, p1, p2] = [hash(1), hash(2), hash(3)];
    expect(foldProof(leaf, [p1, p2])).toEqual(dot(dot(leaf, p1), p2));
    expect(foldProof(leaf, [])).toEqual(leaf);
  });

  it('rejects a proof that is not an array of 32-byte hashes with InvalidProofError', () => {
    expect(() => foldProof(hash(1), 'nope' as unknown as Uint8Array[])).toThrow(InvalidProofError);
    expect(() => foldProof(hash(1), 'nope' as unknown as Uint8Array[])).toThrow(/proof is "nope"/);
    expect(() => foldProof(hash(1), [hash(2), 7 as unknown as Uint8Array])).toThrow(/proof\[1\] is 7/);
    expect(() => foldProof(hash(1), [new Uint8Array(0)])).toThrow(/proof\[0\] is Uint8Array\(0\)/);
  });

  it('rejects a bad leaf with InvalidHashError', () => {
    expect(() => foldProof(new Uint8Array(1), [])).toThrow(InvalidHashError);
  });
});

describe('merklePath', () => {
  it('leads every element of lists of 1 to 40 hashes to their merkleRoot', () => {
    for (let n = 1; n <= 40; n++) {
      const hashes = Array.from({ length: n }, (_, i) => hash(i));
      const root = merkleRoot(hashes);
      for (let i = 0; i < n; i++) expect(foldProof(hashes[i], merklePath(hashes, i))).toEqual(root);
    }
  });

  it('matches the inclusion proof vectors of the ledger tree', () => {
    for (const tree of vectors.tree as { size: number; proofs: { index: number; proof: string[] }[] }[]) {
      const leaves = Array.from({ length: tree.size }, (_, i) => sha256Text(`leaf-${i}`));
      for (const { index, proof } of tree.proofs) expect(merklePath(leaves, index).map(hex)).toEqual(proof);
    }
  });

  it('rejects an index outside the list and bad hashes with typed errors', () => {
    expect(() => merklePath([hash(1)], 1)).toThrow(InvalidTreePositionError);
    expect(() => merklePath([hash(1)], -1)).toThrow(/index -1/);
    expect(() => merklePath([hash(1), new Uint8Array(2)], 0)).toThrow(InvalidHashError);
    expect(() => merklePath(null as unknown as Uint8Array[], 0)).toThrow(InvalidHashError);
  });
});

function sha256Text(text: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(text).digest());
}
