// The three formats of an export's data files (ledger-format.md §6): Ion text, Ion binary and JSON
// Lines, their QLDB names and file extensions. A block is encoded by the engine's bulk work
// (engine/bulk/exported-block-encoding.ts, in the calling thread or a worker); data-file-reader.ts
// reads them back.
import type { BlockEncoding } from '../engine/internal';

export type ExportFormat = BlockEncoding;

export const EXPORT_FORMATS: readonly ExportFormat[] = ['ion-text', 'ion-binary', 'json'];

/** QLDB's names of the formats, as the started manifest's outputFormat holds them. */
const QLDB_NAMES: Record<ExportFormat, string> = { 'ion-text': 'ION_TEXT', 'ion-binary': 'ION_BINARY', json: 'JSON' };

export function qldbFormatName(format: ExportFormat): string {
  return QLDB_NAMES[format];
}

/** The format a started manifest's outputFormat names (QLDB's default is ION_TEXT). */
export function formatOfQldbName(name: unknown): ExportFormat | undefined {
  if (name === undefined || name === null) return 'ion-text';
  return EXPORT_FORMATS.find((f) => QLDB_NAMES[f] === name);
}

/** The extension of a data file. */
export function fileExtension(format: ExportFormat): string {
  return format === 'json' ? 'json' : 'ion';
}
