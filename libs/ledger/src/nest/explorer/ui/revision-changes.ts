// What changed from one revision of a document to the next, field by field (top-level fields of
// the data as the API gives it, JSON), for the history page.

export type DocumentData = Record<string, unknown> | null;

/** One line per added, removed or changed field, e.g. `balance: 100 → 250`; a deletion or a first revision says so. */
export function revisionChanges(previous: DocumentData | undefined, current: DocumentData): string[] {
  if (previous === undefined) return ['created'];
  if (current === null) return ['deleted'];
  if (previous === null) return ['re-created'];
  const names = [...new Set([...Object.keys(previous), ...Object.keys(current)])];
  return names.flatMap((name) => {
    const [before, after] = [previous[name], current[name]];
    if (!(name in current)) return [`${name} removed (was ${show(before)})`];
    if (!(name in previous)) return [`${name}: ${show(after)} added`];
    return JSON.stringify(before) === JSON.stringify(after) ? [] : [`${name}: ${show(before)} → ${show(after)}`];
  });
}

/** A field's value, short: Ion values written as `{"$ion": …}` by their Ion text. */
function show(value: unknown): string {
  if (value !== null && typeof value === 'object' && '$ion' in value) return String((value as { $ion: unknown }).$ion);
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
