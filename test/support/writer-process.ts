// Starting the writer process of the multi-process tests (ledger-writer.child.ts) and reading what
// it acknowledged and what a stream carried of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StorageOptions, StreamRecord } from 'nestjs-ledger';

const root = join(__dirname, '..', '..');

/** A writer inserting `commits` Items, `concurrency` at a time, appending each acknowledged id to `ack`. */
export function startWriter(storage: StorageOptions, ack: string, commits: number, concurrency: number): { child: ChildProcess; exited: Promise<number | NodeJS.Signals> } {
  const args = ['-r', './test/support/register-ts.js', 'test/support/ledger-writer.child.ts', JSON.stringify(storage), ack, String(commits), String(concurrency)];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<number | NodeJS.Signals>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(signal ?? code ?? -1));
  });
  return { child, exited };
}

/** The ids the writer acknowledged so far. */
export function acknowledged(ack: string): string[] {
  return existsSync(ack) ? readFileSync(ack, 'utf8').trim().split('\n').filter(Boolean) : [];
}

/** The ids of the Item documents the writer (by its pid) inserted, as the stream carried them. */
export function childItems(records: readonly StreamRecord[], pid: number | undefined): string[] {
  return records.flatMap((r) => (r.recordType === 'REVISION_DETAILS' && r.payload.revision.data?.pid === pid ? [r.payload.revision.metadata!.id] : []));
}
