// The manifests of an export in QLDB's layout: `<exportId>.started.manifest` (the request: ledger
// name, export id, time range, output format), written first, and
// `<exportId>.<strandId>.completed.manifest` ({ keys: [data file names in order] }), written last.
// Every file read stays inside the export directory: a key that is absolute or climbs out with
// `..`, and a file (or symlink) whose real path lies outside the directory, are refused.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, sep } from 'node:path';
import { fromIon, isPlainObject, toIon, type IonStructObject } from '../ion';
import { ImportRefusedError } from './import-refused.error';

export interface StartedManifest {
  ledgerName: string;
  exportId: string;
  inclusiveStartTime: Date;
  exclusiveEndTime: Date;
  bucket: string;
  prefix: string;
  objectEncryptionType: string;
  outputFormat: string;
}

export function startedManifestName(exportId: string): string {
  return `${exportId}.started.manifest`;
}

export function completedManifestName(exportId: string, strandId: string): string {
  return `${exportId}.${strandId}.completed.manifest`;
}

export function formatManifest(value: StartedManifest | { keys: string[] }): string {
  return `${toIon(value as unknown as IonStructObject, 'text')}\n`;
}

/** An export read back: its manifests and where each data file of the completed manifest is. */
export interface ExportLayout {
  started: IonStructObject;
  exportId: string;
  strandId: string;
  /** The data files in order, with the path each was found at. */
  files: Array<{ key: string; path: string }>;
}

const COMPLETED = /^(\w+)\.(\w+)\.completed\.manifest$/;

/**
 * Finds the manifests in `directory` (at any depth, as `aws s3 sync` lays out a prefix) and the data
 * files the completed manifest lists (by their key, or by the key's last segment).
 */
export function readExportLayout(directory: string, readText: (path: string) => string): ExportLayout {
  const root = realDirectory(directory);
  const paths = listFiles(directory);
  const byName = new Map(paths.map((p) => [basename(p), p]));
  const completed = paths.filter((p) => COMPLETED.test(basename(p)));
  if (completed.length !== 1) {
    throw new ImportRefusedError(
      completed.length === 0
        ? `${directory} holds no <exportId>.<strandId>.completed.manifest: the export is missing or did not complete`
        : `${directory} holds ${completed.length} completed manifests; import one export at a time`,
    );
  }
  const [, exportId, strandId] = COMPLETED.exec(basename(completed[0])) as RegExpExecArray;
  const startedPath = byName.get(startedManifestName(exportId));
  if (!startedPath) throw new ImportRefusedError(`${directory} holds no ${startedManifestName(exportId)}`);
  const started = parseManifest(readText(confined(root, startedPath, basename(startedPath))), startedPath);
  const keys = parseManifest(readText(confined(root, completed[0], basename(completed[0]))), completed[0]).keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw new ImportRefusedError(`${completed[0]} must hold { keys: [<data file names>] }`);
  }
  const files = (keys as string[]).map((key) => {
    checkKey(key);
    const path = [join(directory, key), byName.get(basename(key))].find((p) => p !== undefined && isFile(p));
    if (!path) throw new ImportRefusedError(`data file ${key}, listed in the completed manifest, is missing from ${directory}`, { file: key });
    return { key, path: confined(root, path, key) };
  });
  return { started, exportId, strandId, files };
}

/** A key must name a file under the export directory: relative, without `..` segments. */
function checkKey(key: string): void {
  if (isAbsolute(key) || key.includes('\0') || key.split(/[\\/]/).includes('..')) {
    throw new ImportRefusedError(`data file ${JSON.stringify(key)}, listed in the completed manifest, is outside the export directory`, { file: key });
  }
}

function realDirectory(directory: string): string {
  try {
    return realpathSync(directory);
  } catch (error) {
    throw new ImportRefusedError(`cannot read the export directory ${directory}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The real path of `path` (symlinks resolved), refused unless it lies under the real export directory `root`. */
function confined(root: string, path: string, key: string): string {
  const real = realpathSync(path);
  if (!real.startsWith(root.endsWith(sep) ? root : `${root}${sep}`)) {
    throw new ImportRefusedError(`${JSON.stringify(key)} resolves to ${real}, outside the export directory ${root}`, { file: key });
  }
  return real;
}

function parseManifest(text: string, path: string): IonStructObject {
  try {
    const value = fromIon(text);
    if (isPlainObject(value)) return value;
  } catch {
    // reported below
  }
  throw new ImportRefusedError(`${path} is not a manifest (one Ion struct)`);
}

function listFiles(directory: string): string[] {
  let entries;
  try {
    entries = readdirSync(directory, { withFileTypes: true });
  } catch (error) {
    throw new ImportRefusedError(`cannot read the export directory ${directory}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return entries.flatMap((entry) => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
