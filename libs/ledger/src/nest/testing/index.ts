// Nest helpers for an application's tests (exported from nestjs-ledger/nest: they need Nest).
export { LedgerTestingModule, type LedgerTestingOptions } from './ledger-testing.module';
