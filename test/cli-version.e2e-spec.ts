// `ledger --version` and `ledger -V`: the package's version alone on stdout, nothing on stderr,
// exit 0 (test/package runs the same through `npx ledger --version` from the packed tarball).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, ledgerCli } from './support/cli';

const version: string = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version;

beforeAll(buildCli, 300_000);

describe('ledger --version', () => {
  it.each(['--version', '-V'])('%s prints the package version on stdout and exits 0', async (flag) => {
    expect(await ledgerCli([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
