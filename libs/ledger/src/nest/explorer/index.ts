// The journal explorer: LedgerExplorerModule and what it may throw.
export { LedgerExplorerModule } from './ledger-explorer.module';
export type { LedgerExplorerOptions } from './explorer-options';
export { ReadOnlyStatementError } from './read-only-statement.error';
export { ExplorerAssetsMissingError } from './explorer-assets-missing.error';
