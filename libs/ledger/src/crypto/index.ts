// Hashing, the ledger tree, its proofs and signed digests (ledger-format.md §3 and §5): pure and
// synchronous, no storage, no platform API (native SHA-256 and Ed25519 are installed from above).
export * from './errors';
export { dot } from './dot';
export { HASH_LENGTH, hashesEqual } from './hash';
export { sha256, useNativeSha256, type NativeSha256 } from './sha256';
export { portableEd25519, useNativeEd25519, type Ed25519Implementation } from './ed25519';
export type { Ed25519KeyInput, KeyObjectLike } from './ed25519-key';
export { decodeBase64, encodeBase64 } from './strict-base64';
export { encodeHex } from './hex';
export { foldProof, merkleRoot } from './merkle';
export { merklePath } from './merkle-path';
export type { TreeNode, TreeNodeAddress } from './tree-node-address';
export { treeNodeSourceOf, type TreeNodeSource } from './tree-node-source';
export { MemoryTreeNodeStore } from './memory-tree-node-store';
export { computeDigest, digestNodes } from './tree-digest';
export { computeInclusionProof, inclusionProofNodes, verifyInclusion } from './inclusion-proof';
export { computeConsistencyProof, consistencyProofNodes, verifyConsistency } from './consistency-proof';
export { TreeFrontier } from './tree-frontier';
export { LedgerTree, type TreeAppend } from './ledger-tree';
export { formatVerifierKey } from './note-verifier-key';
export { signDigest, verifySignedDigest, type LedgerCheckpoint, type SignedDigestOptions, type VerifySignedDigestOptions } from './signed-digest';
