// The `ledger` command in pipelines: a reader that stops early (`| head -1`) ends it quietly with
// exit 0, summaries come as JSON on request, and messages stay on stderr apart from the data.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Ledger } from 'nestjs-ledger';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { removeTempLedgers } from '../libs/ledger/src/engine/test-ledger.fixture';
import { buildCli, ledgerCli } from './support/cli';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cliEntry = (require('../apps/cli/ledger-dev.js') as { entry: string }).entry;

/** More query output than a pipe holds (64 KiB on Linux), so the writer is still writing when the reader leaves. */
const ROWS = 2000;
/** Rows per block: QLDB's limit of documents per transaction. */
const ROWS_PER_BLOCK = 40;
/** The genesis block, the table's, and the rows'. */
const BLOCKS = 2 + ROWS / ROWS_PER_BLOCK;
let db: string;

beforeAll(async () => {
  buildCli();
  db = tempFilePath('pipes.ledger');
  const ledger = await Ledger.open({ name: 'pipes', storage: { type: 'sqlite', database: db } });
  await ledger.execute((tx) => tx.createTable('Row'));
  for (let first = 0; first < ROWS; first += ROWS_PER_BLOCK) {
    await ledger.execute(async (tx) => {
      for (let n = first; n < first + ROWS_PER_BLOCK; n++) await tx.insert('Row', { n, text: 'x'.repeat(200) });
    });
  }
  await ledger.close();
});
afterAll(removeTempLedgers);

/** Runs `ledger <args>`, reads its first line, closes the pipe it writes to, and resolves its exit code and stderr. */
function readFirstLineThenClose(args: string[]): Promise<{ firstLine: string; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliEntry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let firstLine: string | undefined;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (firstLine === undefined && stdout.includes('\n')) {
        firstLine = stdout.slice(0, stdout.indexOf('\n'));
        child.stdout.destroy();
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ firstLine: firstLine ?? '', code, stderr }));
  });
}

describe('ledger in a pipeline', () => {
  it('exits 0 without a word when the reader stops after the first line', async () => {
    const full = await ledgerCli(['query', db, 'SELECT * FROM Row', '--json']);
    expect(full.code).toBe(0);
    expect(full.stdout.length).toBeGreaterThan(256 * 1024);
    const cut = await readFirstLineThenClose(['query', db, 'SELECT * FROM Row', '--json']);
    expect(JSON.parse(cut.firstLine)).toEqual(expect.objectContaining({ text: 'x'.repeat(200) }));
    expect(cut).toEqual({ firstLine: cut.firstLine, code: 0, stderr: '' });
  });

  it('prints export and import summaries as JSON with --json', async () => {
    const directory = tempFilePath('pipes-export');
    const exported = await ledgerCli(['export', db, directory, '--json']);
    expect(exported.code).toBe(0);
    const summary = JSON.parse(exported.stdout);
    expect(summary).toEqual(expect.objectContaining({ blocksExported: BLOCKS, firstSequenceNo: 0, lastSequenceNo: BLOCKS - 1, digest: expect.objectContaining({ sequenceNo: BLOCKS - 1 }) }));
    expect(summary.files.length).toBeGreaterThan(0);

    const imported = await ledgerCli(['import', directory, join(directory, '..', 'pipes-imported.ledger'), '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({
      ledgerName: 'pipes',
      strandId: summary.strandId,
      blocksImported: BLOCKS,
      digest: summary.digest,
      matchesTrustedDigestAt: null,
    });
  });
});
