// Reads a table in pages ordered by a text key (keyset paging) so that every row comes exactly
// once, even when a stored key is not valid UTF-8. Such a key reaches JavaScript with U+FFFD in
// place of its bad bytes, so sent back as the next page's lower bound it no longer names the row:
// the same rows would come again (an endless loop) or some would be skipped. The next bound is
// therefore always the last key of the page that reads back exactly; rows with unreadable keys
// after it are left for the next page, which returns them again.

/** A page's rows, and whether the pages ended normally (false: only unreadable keys were left). */
export interface TextKeyPage<Row, Key = unknown> {
  rows: Row[];
  stuck: boolean;
  /** The key the next page starts after (every row of this one is at or before it); undefined on the last page. */
  bound?: Key;
}

/** Whether a text value read from the database is the stored text itself (valid UTF-8). */
export function readsBack(text: unknown): boolean {
  return typeof text === 'string' && !text.includes('\uFFFD');
}

/**
 * The pages of `fetch(after, limit)` from `first` on. `keyOf` gives a row's key, `readable` says
 * whether a key reads back exactly. Each row is yielded once; `stuck` ends the pages when a full
 * page held no readable key to continue from.
 */
export async function* textKeyPages<Row, Key>(
  fetch: (after: Key, limit: number) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  readable: (key: Key) => boolean,
  first: Key,
  limit: number,
): AsyncGenerator<TextKeyPage<Row, Key>> {
  for (let after = first; ; ) {
    const page = await fetch(after, limit);
    if (page.length < limit) {
      if (page.length) yield { rows: page, stuck: false };
      return;
    }
    const last = lastReadable(page, keyOf, readable);
    if (last < 0) {
      yield { rows: page, stuck: true };
      return;
    }
    after = keyOf(page[last]);
    yield { rows: page.slice(0, last + 1), stuck: false, bound: after };
  }
}

function lastReadable<Row, Key>(page: Row[], keyOf: (row: Row) => Key, readable: (key: Key) => boolean): number {
  for (let i = page.length - 1; i >= 0; i--) if (readable(keyOf(page[i]))) return i;
  return -1;
}
