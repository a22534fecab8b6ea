// An import's per-block work (placeholder until the import hands blocks to workers).
export function decodeImportedBlocks(input: readonly Uint8Array[]): number {
  return input.length;
}
