// The ledger writes its SQL once, with `?` placeholders (SQLite's form); PostgreSQL numbers them
// ($1, $2, …). The ledger's statements hold no `?` anywhere else, so every one is a placeholder.

const CACHE_SIZE = 1000;
const cache = new Map<string, string>();

/** `sql` with its `?` placeholders numbered in order. */
export function numberedPlaceholders(sql: string): string {
  let numbered = cache.get(sql);
  if (numbered === undefined) {
    let n = 0;
    numbered = sql.replace(/\?/g, () => `$${++n}`);
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(sql, numbered);
  }
  return numbered;
}
