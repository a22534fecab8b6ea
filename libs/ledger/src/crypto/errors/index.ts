// The errors thrown by the crypto layer.
export * from './invalid-hash.error';
export * from './invalid-proof.error';
export * from './invalid-tree-position.error';
export * from './missing-tree-node.error';
