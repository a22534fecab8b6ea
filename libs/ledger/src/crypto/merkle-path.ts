// The audit path of one hash in a list hashed with merkleRoot: the sibling of each level, bottom-up,
// skipping the levels where the node has no sibling and moves up unchanged, so that
// foldProof(hashes[index], merklePath(hashes, index)) equals merkleRoot(hashes).
import { describeValue } from '../errors';
import { checkHashOrEmpty } from './hash';
import { combineNeighbours } from './merkle';
import { InvalidHashError } from './errors/invalid-hash.error';
import { InvalidTreePositionError } from './errors/invalid-tree-position.error';

/** The path from `hashes[index]` to merkleRoot(hashes). */
export function merklePath(hashes: readonly Uint8Array[], index: number): Uint8Array[] {
  if (!Array.isArray(hashes)) {
    throw new InvalidHashError(`merklePath: hashes is ${describeValue(hashes)}; expected an array of hashes`, hashes);
  }
  if (!(Number.isSafeInteger(index) && index >= 0 && index < hashes.length)) {
    throw new InvalidTreePositionError(`merklePath: index ${describeValue(index)} is not a position in a list of ${hashes.length}`, index);
  }
  const path: Uint8Array[] = [];
  let level = hashes.map((hash, i) => checkHashOrEmpty(hash, `merklePath: hashes[${i}]`));
  for (let position = index; level.length > 1; position = Math.floor(position / 2)) {
    const sibling = position % 2 === 0 ? position + 1 : position - 1;
    if (sibling < level.length) path.push(level[sibling]);
    level = combineNeighbours(level);
  }
  return path;
}
