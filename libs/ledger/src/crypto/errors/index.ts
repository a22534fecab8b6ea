// The errors thrown by the crypto layer.
export * from './invalid-checkpoint.error';
export * from './invalid-hash.error';
export * from './invalid-key.error';
export * from './invalid-proof.error';
export * from './invalid-tree-position.error';
export * from './missing-tree-node.error';
export * from './origin-mismatch.error';
export * from './signature.error';
