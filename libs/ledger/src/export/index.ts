// Export and import of journals in QLDB's export layout (ledger-format.md §6).
export { EXPORT_FORMATS, type ExportFormat } from './export-format';
export { exportJournal, type ExportOptions, type ExportResult } from './journal-exporter';
export { importJournal, type ImportOptions, type ImportResult, type TrustedImportDigest } from './journal-importer';
export { parseQldbDigest } from './qldb-digest';
export { ImportRefusedError, type ImportRefusalPlace } from './import-refused.error';
