// Validation of the integers that locate things in the ledger tree: tree sizes, leaf indexes
// (= sequence numbers) and tips, each a non-negative safe integer.
import { describeValue } from '../errors';
import { InvalidTreePositionError } from './errors/invalid-tree-position.error';

/** Returns `value` if it is a non-negative safe integer; throws InvalidTreePositionError otherwise. */
export function checkCount(value: unknown, name: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new InvalidTreePositionError(`${name} is ${describeValue(value)}; expected a non-negative integer`, value);
}

/** Returns `treeSize` if it is a positive safe integer. */
export function checkTreeSize(treeSize: unknown, name = 'treeSize'): number {
  if (checkCount(treeSize, name) > 0) return treeSize as number;
  throw new InvalidTreePositionError(`${name} is 0; the tree must have at least one leaf`, treeSize);
}

/** Returns `leafIndex` if it is a leaf of a tree of `treeSize` leaves. */
export function checkLeafIndex(leafIndex: unknown, treeSize: number, name = 'leafIndex'): number {
  if (checkCount(leafIndex, name) < treeSize) return leafIndex as number;
  throw new InvalidTreePositionError(
    `${name} ${describeValue(leafIndex)} is not a leaf of a tree of ${treeSize} leaves (last is ${treeSize - 1})`,
    leafIndex,
  );
}
