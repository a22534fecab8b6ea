// Public error base and helpers shared by every layer.
export * from './ledger.error';
export * from './invalid-argument.error';
