// Hashing, the ledger tree, its proofs and signed digests (ledger-format.md §3 and §5): pure and
// synchronous, no storage.
export * from './errors';
export { dot } from './dot';
export { HASH_LENGTH, hashesEqual } from './hash';
export { foldProof, merkleRoot } from './merkle';
export { merklePath } from './merkle-path';
