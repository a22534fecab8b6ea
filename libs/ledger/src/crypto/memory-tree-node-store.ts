// The in-memory store of a ledger tree's nodes (addressing in tree-node-address.ts): one growable
// byte buffer per level, nodes packed 32 bytes apart, so a million-leaf tree takes about 64 MB.
import { checkHash, HASH_LENGTH } from './hash';
import type { TreeNode } from './tree-node-address';
import type { TreeNodeSource } from './tree-node-source';
import { InvalidTreePositionError } from './errors/invalid-tree-position.error';
import { MissingTreeNodeError } from './errors/missing-tree-node.error';

const INITIAL_CAPACITY = 64;

export class MemoryTreeNodeStore implements TreeNodeSource {
  private readonly levels: Uint8Array[] = [];
  private readonly counts: number[] = [];

  /** How many nodes level `level` holds. */
  count(level: number): number {
    return this.counts[level] ?? 0;
  }

  /** The number of levels holding at least one node. */
  get height(): number {
    return this.counts.length;
  }

  /** A copy of node (level, index). */
  node(level: number, index: number): Uint8Array {
    if (!(index >= 0 && index < this.count(level) && Number.isInteger(index))) {
      throw new MissingTreeNodeError(level, index);
    }
    return this.levels[level].slice(index * HASH_LENGTH, (index + 1) * HASH_LENGTH);
  }

  /** Stores `node`, which must be the next one of its level (nodes are only ever appended). */
  put({ level, index, hash }: TreeNode): void {
    if (!(Number.isInteger(level) && level >= 0 && level <= this.height)) {
      throw new InvalidTreePositionError(`tree node level ${level} cannot be stored: the store has ${this.height} levels`, level);
    }
    if (index !== this.count(level)) {
      throw new InvalidTreePositionError(
        `tree node (${level}, ${index}) cannot be stored: the next node of level ${level} is index ${this.count(level)}`,
        index,
      );
    }
    checkHash(hash, `tree node (${level}, ${index})`);
    this.ensureCapacity(level, index + 1);
    this.levels[level].set(hash, index * HASH_LENGTH);
    this.counts[level] = index + 1;
  }

  private ensureCapacity(level: number, nodes: number): void {
    const current = this.levels[level];
    if (current !== undefined && current.length >= nodes * HASH_LENGTH) return;
    const grown = new Uint8Array(Math.max(INITIAL_CAPACITY, nodes * 2) * HASH_LENGTH);
    if (current !== undefined) grown.set(current);
    this.levels[level] = grown;
  }
}
