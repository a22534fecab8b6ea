// The shell sample of docs/cli.md runs verbatim: an Ed25519 key made with openssl signs a digest
// and a revision's proof file with the built `ledger` command, and the proof verifies against the
// public key and the ledger's origin. `npm run ledger --` becomes the built command, as in the
// getting-started walkthrough's test.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from 'nestjs-ledger';
import { buildCli } from '../support/cli';
import { codeSamples } from './doc-pages';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const cli = (require('../../apps/cli/ledger-dev.js') as { entry: string }).entry;
const directory = mkdtempSync(join(tmpdir(), 'nestjs-ledger-cli-samples-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** A ledger named dmv whose block 3 holds a revision of the returned document. */
async function dmvLedger(file: string): Promise<{ documentId: string; strandId: string }> {
  const ledger = await Ledger.open({ name: 'dmv', storage: { type: 'sqlite', database: file } });
  await ledger.execute((tx) => tx.createTable('Vehicle'));
  const documentId = await ledger.execute((tx) => tx.insert('Vehicle', { VIN: '1N4AL11D75C109151', Miles: 0 }));
  const block = (await ledger.transact((tx) => tx.update('Vehicle', documentId, { VIN: '1N4AL11D75C109151', Miles: 30 }))).block!;
  await ledger.close();
  expect(block.blockAddress.sequenceNo).toBe(3);
  return { documentId, strandId: block.blockAddress.strandId };
}

const withOpenssl = existsSync('/usr/bin/openssl') || spawnSync('openssl', ['version']).status === 0 ? it : it.skip;

describe('docs/cli.md', () => {
  beforeAll(() => buildCli());

  withOpenssl('signs a digest and a proof with a key of openssl, and the proof verifies with the public half', async () => {
    const [sample] = codeSamples('docs/cli.md').filter((s) => s.language === 'bash');
    expect(sample.body).toContain('npm run ledger -- verify-proof');
    const { documentId, strandId } = await dmvLedger(join(directory, 'dmv.ledger'));
    const script = sample.body.replaceAll('npm run ledger --', `node ${cli}`);
    const env = { PATH: process.env.PATH ?? '', HOME: directory, DOCUMENT_ID: documentId, STRAND_ID: strandId };
    const run = spawnSync('bash', ['--noprofile', '--norc', '-euo', 'pipefail', '-c', script], { cwd: directory, encoding: 'utf8', env });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^valid: the revision of document ${documentId} version 1 in block 3 .* on strand ${strandId}`));
    expect(readFileSync(join(directory, 'digest.ion'), 'utf8')).toContain(`dmv/${strandId}`);
  });
});
