// The three encodings of an export's data files (ledger-format.md §6): Ion text (one block per
// line), Ion binary (each block a complete Ion binary value with its own version marker, so a file
// is a valid Ion stream) and JSON Lines (one block per line through the lossless `$ion` mapping of
// toIonJson). Decoding yields whole blocks in order and stops with an ExportFileError at the first
// malformed or truncated one.
import { fromIonJson, readIonStream, toIon, toIonJson, type IonValue } from '../ion';
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

/** The values of one data file, in order; throws (IonFormatError or SyntaxError) at the first bad one. */
export function* decodeValues(bytes: Uint8Array, format: ExportFormat): Generator<IonValue> {
  if (format !== 'json') {
    yield* readIonStream(format === 'ion-binary' ? bytes : Buffer.from(bytes).toString('utf8'));
    return;
  }
  const text = Buffer.from(bytes).toString('utf8');
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    start = end < 0 ? text.length : end + 1;
    if (line.trim() === '') continue;
    if (end < 0) throw new SyntaxError('the last line is not terminated by a newline: the file is truncated');
    yield fromIonJson(JSON.parse(line));
  }
}
