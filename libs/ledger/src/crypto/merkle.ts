// `merkleRoot` and `foldProof` (ledger-format.md §3): the QLDB Merkle root of a list of hashes,
// combining neighbours level by level with `dot` (an odd last node moves up unchanged), and the
// folding of a proof onto a leaf.
import { describeValue } from '../errors';
import { dotUnchecked } from './dot';
import { checkHashOrEmpty, checkProof } from './hash';
import { InvalidHashError } from './errors/invalid-hash.error';

/** The Merkle root of `hashes`; the empty hash for an empty list. */
export function merkleRoot(hashes: readonly Uint8Array[]): Uint8Array {
  if (!Array.isArray(hashes)) {
    throw new InvalidHashError(`merkleRoot: hashes is ${describeValue(hashes)}; expected an array of hashes`, hashes);
  }
  if (hashes.length === 0) return new Uint8Array(0);
  let level = hashes.map((hash, index) => checkHashOrEmpty(hash, `merkleRoot: hashes[${index}]`));
  while (level.length > 1) level = combineNeighbours(level);
  return level[0];
}

/** `proof.reduce(dot, leaf)`: the root a proof leads to from `leaf`. */
export function foldProof(leaf: Uint8Array, proof: readonly Uint8Array[]): Uint8Array {
  checkHashOrEmpty(leaf, 'foldProof: leaf');
  return checkProof(proof, 'foldProof: proof').reduce(dotUnchecked, leaf);
}

/** One level up: dot of each pair of neighbours, an odd last node carried over unchanged. */
export function combineNeighbours(level: readonly Uint8Array[]): Uint8Array[] {
  const next: Uint8Array[] = [];
  for (let i = 0; i + 1 < level.length; i += 2) next.push(dotUnchecked(level[i], level[i + 1]));
  if (level.length % 2 === 1) next.push(level[level.length - 1]);
  return next;
}
