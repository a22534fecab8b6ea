// Where the independently computed test vectors live (see test/vectors/README.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const VECTORS_DIR = join(__dirname, '../vectors');
export const QLDB_EXPORT_DIR = join(VECTORS_DIR, 'qldb-export');

/** hashing.json: dot, merkleRoot, ledger-tree and revision-hash vectors (hex). */
export function hashingVectors() {
  return JSON.parse(readFileSync(join(VECTORS_DIR, 'hashing.json'), 'utf8'));
}
