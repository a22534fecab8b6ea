// A whole column of values bound as one statement parameter: how PostgreSQL inserts a batch of rows
// with one statement whose text never changes (`INSERT … SELECT * FROM unnest($1::bigint[], …)`),
// so the server parses and plans it once per connection instead of once per batch.

/** The column types of the ledger's tables: 64-bit integers, byte strings and text. */
export type ColumnType = 'integer' | 'blob' | 'text';

export class ColumnArray {
  constructor(
    readonly type: ColumnType,
    readonly values: readonly unknown[],
  ) {}
}
