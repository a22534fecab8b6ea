// The typed errors of nestjs-ledger/qldb-driver.
export * from './driver-closed.error';
export * from './lambda-aborted.error';
export * from './session-pool-empty.error';
export * from './ledger-name-mismatch.error';
