// Ion 1.0's system symbol table: the symbols every Ion binary stream knows as SIDs 1 to 9.

/** Index = SID; SID 0 is the symbol with unknown text. */
export const SYSTEM_SYMBOLS: ReadonlyArray<string | null> = [
  null,
  '$ion',
  '$ion_1_0',
  '$ion_symbol_table',
  'name',
  'version',
  'imports',
  'symbols',
  'max_id',
  '$ion_shared_symbol_table',
];

/** The SID of each system symbol's text. */
export const SYSTEM_SIDS: ReadonlyMap<string, number> = new Map(
  SYSTEM_SYMBOLS.flatMap((text, sid): Array<[string, number]> => (text === null ? [] : [[text, sid]])),
);

export const ION_1_0 = '$ion_1_0';
export const ION_SYMBOL_TABLE = '$ion_symbol_table';

/** The binary Ion version marker that starts every Ion 1.0 binary stream. */
export const BINARY_VERSION_MARKER: ReadonlyArray<number> = [0xe0, 0x01, 0x00, 0xea];
