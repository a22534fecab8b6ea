// Flushing files and directories to the disk: a file a ledger or an export hands over as complete
// (an imported ledger, an export's data files and manifest) is synced before its rename, and the
// rename made durable by syncing the directory that holds it.
import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Flushes the file at `path` to the disk. */
export function syncFile(path: string): void {
  syncOpened(path, 'r+');
}

/** Makes the entries of `directory` (files created or renamed into it) durable. */
export function syncDirectory(directory: string): void {
  syncOpened(directory, 'r');
}

/**
 * Writes `content` to `path` so that a reader finds the whole file or none: under a hidden
 * temporary name, synced, renamed into place, the rename synced.
 */
export function writeFileDurably(path: string, content: string): void {
  const temp = join(dirname(path), `.${basename(path)}.partial`);
  writeFileSync(temp, content);
  syncFile(temp);
  renameSync(temp, path);
  syncDirectory(dirname(path));
}

function syncOpened(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
