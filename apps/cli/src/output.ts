// How commands print values: Ion text (the default, exact), JSON through the library's lossless
// mapping (`{"$ion": "<Ion text>"}` for values JSON cannot hold), or an aligned table of rows.
import { isPlainObject, toIon, toIonJson, type IonStructObject, type IonValue } from 'nestjs-ledger';

export type ValueFormat = 'ion' | 'json';

/** One value as a line of Ion text or JSON. */
export function formatValue(value: IonValue, format: ValueFormat): string {
  return format === 'json' ? JSON.stringify(toIonJson(value)) : toIon(value, 'text');
}

/** Writes one line to stdout. */
export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Rows as an aligned text table: a column per top-level field (a single `value` column for non-structs). */
export function formatTable(rows: readonly IonValue[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = columnsOf(rows);
  const cells = rows.map((row) => columns.map((column) => cellText(isPlainObject(row) ? row[column] : row)));
  const widths = columns.map((column, i) => Math.min(60, Math.max(column.length, ...cells.map((r) => r[i].length))));
  const line = (values: string[]) => values.map((v, i) => fitToWidth(v, widths[i])).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-+-');
  return [line(columns), rule, ...cells.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n');
}

function columnsOf(rows: readonly IonValue[]): string[] {
  if (!rows.every(isPlainObject)) return ['value'];
  const columns = new Set<string>();
  for (const row of rows as IonStructObject[]) for (const name of Object.keys(row)) if (row[name] !== undefined) columns.add(name);
  return [...columns];
}

/** A cell: strings as they are, a missing field empty, anything else as Ion text. */
function cellText(value: IonValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : toIon(value, 'text');
}

/** The text padded to `width`, or cut to it with an ellipsis. */
function fitToWidth(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}
