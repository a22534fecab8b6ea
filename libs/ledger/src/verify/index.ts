// nestjs-ledger/verify: what an auditor needs to check the ledger's proofs offline, in Node or in a
// browser. Pure and synchronous: no storage, no `node:` module, no Buffer (hashing and Ed25519 in
// plain JavaScript), proven by test/verify-browser, which bundles this file and runs it in Chromium.

// Proof files (`ledger verify-proof`, Ledger's *ProofFile functions).
/** Verifies a proof file (Ion text or binary, or parsed) against a trusted digest and/or public key. */
export { verifyProofFile } from '../journal';
/** QLDB's own check for a hash and its proof hashes: the fold equals the digest (weaker; see docs/proofs.md). */
export { foldsToDigest } from '../journal';
/** What the verifier trusts, its verdict, each problem, and the claims the checks bound. */
export type { ProofTrust, ProofFileVerification, ProofFileProblem, ProofFileProblemCode, VerifiedClaims } from '../journal';
/** Reads a proof file's Ion text or binary; throws InvalidProofFileError when malformed. */
export { parseProofFile } from '../journal';
/** A parsed proof file, one type per kind, and the tip evidence it may carry. */
export type { ProofFile, ProofFileKind, RevisionProofFile, EventProofFile, BlockProofFile, DigestProofFile, ConsistencyProofFile, TipEvidence, BlockHeader } from '../journal';

// Blocks and chains.
/** Checks one block's hashes: entries, entries hash, block hash. */
export { verifyBlock } from '../journal';
/** Checks blocks in order: each block, each link to the previous, dense sequence numbers, one strand. */
export { verifyChain, type ChainAnchor } from '../journal';
/** A verification's verdict and its problems, each with a stable code. */
export type { VerificationResult, VerificationProblem, VerificationProblemCode } from '../journal';
/** The leaf hashes of a block's entries: a revision, an event, a statement. */
export { eventHash, revisionHash, statementDigest } from '../journal';
/** QLDB-style proofs from a revision or event to the digest, given the block and its inclusion proof. */
export { eventProof, revisionProof } from '../journal';
/** The journal's shapes: a block, its address, its revisions and events. */
export type { Block, BlockAddress, JournalEvent, Revision, RevisionMetadata, TransactionInfo } from '../journal';

// The ledger tree: digests, inclusion and consistency proofs.
/** QLDB's node hash: SHA-256 of two hashes, smaller first. */
export { dot } from '../crypto';
/** The fold of a QLDB-style proof from a leaf, and the Merkle root of a list of hashes. */
export { foldProof, merkleRoot } from '../crypto';
/** True when a proof leads from a leaf at its index in a tree of a given size to the digest. */
export { verifyInclusion } from '../crypto';
/** True when the newer digest's tree extends the older one's (RFC 9162 with dot). */
export { verifyConsistency } from '../crypto';
/** A ledger tree in memory: append block hashes, take digests and proofs to recheck a journal. */
export { LedgerTree } from '../crypto';
/** The length of a hash, and byte-wise comparison of two hashes. */
export { HASH_LENGTH, hashesEqual } from '../crypto';

// Signed digests (C2SP checkpoints in signed notes, Ed25519).
/** The checkpoint of a signed note if the given key signed it; SignatureError or OriginMismatchError otherwise. */
export { verifySignedDigest, type LedgerCheckpoint, type VerifySignedDigestOptions } from '../crypto';
/** The C2SP verifier key string (`<name>+<key ID>+<base64 key>`) of a public key. */
export { formatVerifierKey } from '../crypto';
/** A key as verification takes it: a PEM string, a C2SP verifier key, or a KeyObject-like object. */
export type { Ed25519KeyInput, KeyObjectLike } from '../crypto';

// Ion.
/** The Ion hash (SHA-256) of a value, as QLDB computes it. */
export { ionHash } from '../ion';
/** The Ion hash of the one value of Ion binary bytes, from the bytes: ionHash(fromIon(bytes)) without building the value. */
export { ionHashOfBinary } from '../ion';
/** The one value of Ion text or binary. */
export { fromIon } from '../ion';
/** The values Ion reads to and hashes from. */
export type { IonValue, IonStructObject } from '../ion';

// Bytes as text, for digests and keys given as base64.
/** Canonical padded base64, both ways (decodeBase64 gives undefined for anything else). */
export { decodeBase64, encodeBase64 } from '../crypto';

// Errors a verifier may throw, each with a stable `code`.
/** The base class of every error, with its `code` and offending `value`. */
export { LedgerError } from '../errors';
/** A proof file that is not well-formed, and a verification given nothing to trust. */
export { InvalidProofFileError } from '../journal';
export { MissingTrustedDigestError } from '../journal';
/** A signed note that does not verify, one for another origin, and a key that is not a usable Ed25519 key. */
export { InvalidKeyError, OriginMismatchError, SignatureError } from '../crypto';
/** A hash or proof of the wrong shape. */
export { InvalidHashError, InvalidProofError } from '../crypto';
/** Ion input that is not well-formed. */
export { IonFormatError } from '../ion';
