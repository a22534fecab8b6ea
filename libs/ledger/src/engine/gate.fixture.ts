// Test fixture: a gate that opens once a number of callers reached it, so that concurrent
// transactions all read before any of them commits (reads may take round trips), making their
// OCC conflicts deterministic.

/** A gate that opens once `parties` callers reached it. */
export function gate(parties: number): () => Promise<void> {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    if (++arrived >= parties) open();
    return opened;
  };
}
