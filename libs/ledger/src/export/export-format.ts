// The three encodings of an export's data files (ledger-format.md §6): Ion text (one block per
// line), Ion binary (each block a complete Ion binary value with its own version marker, so a file
// is a valid Ion stream) and JSON Lines (one block per line through the lossless `$ion` mapping of
// toIonJson). data-file-reader.ts reads them back.
import { toIon, toIonJson, type IonValue } from '../ion';
import type { Block } from '../journal';

export type ExportFormat = 'ion-text' | 'ion-binary' | 'json';

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

/** One block as it goes into a data file. */
export function encodeBlock(block: Block, format: ExportFormat): Uint8Array {
  const value = block as unknown as IonValue;
  if (format === 'ion-binary') return toIon(value, 'binary');
  const text = format === 'json' ? JSON.stringify(toIonJson(value)) : toIon(value, 'text');
  return Buffer.from(`${text}\n`, 'utf8');
}
