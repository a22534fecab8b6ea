// Flushing files and directories to the disk: a file a ledger or an export hands over as complete
// (an imported ledger, an export's data files and manifest) is synced before its rename, and the
// rename made durable by syncing the directory that holds it; a file that must not replace another
// (an imported ledger, a backup) is placed by a hard link, which fails where a file already is.
import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Moves the complete file `from` to `to` (beside it) unless a file is already at `to`: false then,
 * with `from` left where it was. The move is a hard link then an unlink, so a file created at `to`
 * since the caller looked is never replaced; where the file system has no hard links, a rename
 * after a last look. The move is made durable by syncing the directory.
 */
export function placeFileWithoutReplacing(from: string, to: string): boolean {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    if (existsSync(to)) return false;
    renameSync(from, to);
    syncDirectory(dirname(to));
    return true;
  }
  rmSync(from);
  syncDirectory(dirname(to));
  return true;
}

function syncOpened(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
