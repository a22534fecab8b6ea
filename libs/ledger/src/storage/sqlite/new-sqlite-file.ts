// Where a new SQLite file may go, and how it gets there: a path with nothing at it and no log or
// journal of another database beside it (SQLite would apply that to the new file on opening it).
// The file is built under a temporary name beside its path (an import, a backup), and placed there
// once complete, never over a file created there meanwhile.
import { existsSync, rmSync } from 'node:fs';
import { placeFileWithoutReplacing } from '../file-sync';
import { StorageError } from '../storage.error';

/** The files SQLite applies to the database file beside them when it opens it: its write-ahead log, its rollback journal. */
function logsBeside(path: string): string[] {
  return [`${path}-wal`, `${path}-journal`];
}

/** Every file SQLite may keep for the database at `path`: the file, its log, its journal, its shared memory. */
function sqliteFilesOf(path: string): string[] {
  return [path, ...logsBeside(path), `${path}-shm`];
}

/** Why a new SQLite file cannot go at `path`: a file is there, or a log or journal of another database lies beside it; undefined when it can. */
export function newSqliteFileProblem(path: string): string | undefined {
  return existsSync(path) ? `${path} already exists` : orphanedLogProblem(path);
}

function orphanedLogProblem(path: string): string | undefined {
  const orphan = logsBeside(path).find((file) => existsSync(file));
  return orphan && `${orphan} lies where the new file would go, left of another database that SQLite would apply to it; remove it, or restore ${path}`;
}

/** The temporary name, beside `path`, under which this process builds the file that goes there. */
export function buildingNameFor(path: string, purpose: 'importing' | 'backup'): string {
  return `${path}.${purpose}-${process.pid}`;
}

/** Removes a file being built and whatever SQLite kept beside it (what a killed process of the same id left, or a failed build). */
export function removeBuilding(temp: string): void {
  for (const file of sqliteFilesOf(temp)) rmSync(file, { force: true });
}

/**
 * Places the complete, closed SQLite file `temp` at `path`: 'placed', or why not (a file or another
 * database's log appeared at `path` meanwhile), with `temp` left for the caller to remove. A log
 * still beside `temp` (its connection was not closed) is a StorageError: it would be lost.
 */
export function placeBuiltFile(temp: string, path: string): 'placed' | string {
  const log = logsBeside(temp).find((file) => existsSync(file));
  if (log) throw new StorageError(`${log} is still beside the file built for ${path} once closed; the file was not placed`, log);
  const problem = orphanedLogProblem(path);
  if (problem) return problem;
  if (!placeFileWithoutReplacing(temp, path)) return `${path} was created meanwhile`;
  rmSync(`${temp}-shm`, { force: true });
  return 'placed';
}
