// The journal: QLDB's block format, building blocks, verifying blocks and chains, entry proofs.
export * from './block.types';
export * from './journal-id';
export * from './entry-hashes';
export * from './redacted-event';
export * from './block-builder';
export * from './verification-result';
export * from './block-verifier';
export * from './chain-verifier';
export * from './entry-proofs';
export * from './proof-target-not-found.error';
export * from './invalid-proof-file.error';
export * from './missing-trusted-digest.error';
export * from './proof-file';
export * from './proof-file-verifier';
