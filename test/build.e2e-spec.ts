// The published shape: `npm run build` compiles the library with declarations to dist/libs/ledger,
// and plain Node (CommonJS require) loads its public API from there.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { digest } from 'ion-hash-js';
import { load } from 'ion-js';

const root = join(__dirname, '..');

describe('npm run build', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  });

  it('writes JavaScript and type declarations to dist/libs/ledger', () => {
    expect(existsSync(join(root, 'dist/libs/ledger/index.js'))).toBe(true);
    expect(existsSync(join(root, 'dist/libs/ledger/index.d.ts'))).toBe(true);
  });

  it('gives the public API to require() from plain Node', () => {
    const script = `
      const ledger = require('./dist/libs/ledger');
      const names = ['fromIon', 'toIon', 'ionHash', 'dot', 'merkleRoot', 'foldProof', 'LedgerTree',
        'verifyConsistency', 'signDigest', 'verifySignedDigest', 'revisionHash', 'statementDigest',
        'buildBlock', 'verifyBlock', 'verifyChain', 'revisionProof'];
      const missing = names.filter((n) => typeof ledger[n] !== 'function');
      const hash = Buffer.from(ledger.ionHash({ a: 1 })).toString('hex');
      console.log(JSON.stringify({ missing, hash }));
    `;
    const output = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
    expect(output.missing).toEqual([]);
    expect(output.hash).toBe(Buffer.from(digest(load('{a:1}'), 'sha256')).toString('hex'));
  });
});
