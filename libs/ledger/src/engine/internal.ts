// What the engine offers the layers above it inside this library and not the package's users: the
// statement port PartiQL fills, table-name checks for event sourcing, and the catalog, row and
// state helpers the journal importer writes through; the bulk work the exporter hands to workers.
export { installStatementRunner, type StatementOptions, type StatementRunner } from './statement-port';
export { CATALOG_TABLE_ID, checkTableName, documentToDefinition } from './catalog';
export { backfillIndex } from './catalog-changes';
export { declaredIndexes, ImportedTables } from './imported-tables';
export { LedgerState } from './ledger-state';
export { bulkRunner, checkWorkerCount, defaultWorkerCount, splitEvenly, type BulkRunner } from './bulk/bulk-workers';
export { encodeStoredBlocks, type BlockEncoding, type EncodedBlock } from './bulk/exported-block-encoding';
export { concatBytes, importedBlock, type EncodedBlockBatch, type ImportedBlock, type ImportedBlockFacts } from './bulk/imported-block-decoding';
export { lastBlockOfPage, readBlockRows, type BlockRows } from './journal-rows';
