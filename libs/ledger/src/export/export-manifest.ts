// The manifests of an export in QLDB's layout: `<exportId>.started.manifest` (the request: ledger
// name, export id, time range, output format), written first, and
// `<exportId>.<strandId>.completed.manifest` ({ keys: [data file names in order] }), written last.
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
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
  const started = parseManifest(readText(startedPath), startedPath);
  const keys = parseManifest(readText(completed[0]), completed[0]).keys;
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string')) {
    throw new ImportRefusedError(`${completed[0]} must hold { keys: [<data file names>] }`);
  }
  const files = (keys as string[]).map((key) => {
    const path = [join(directory, key), byName.get(basename(key))].find((p) => p !== undefined && isFile(p));
    if (!path) throw new ImportRefusedError(`data file ${key}, listed in the completed manifest, is missing from ${directory}`, { file: key });
    return { key, path };
  });
  return { started, exportId, strandId, files };
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
