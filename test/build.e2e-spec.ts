// The published shape: `npm run build` compiles the library with declarations to dist/libs/ledger
// and the `ledger` command to dist/apps/cli (the package's bin), and plain Node (CommonJS require)
// loads each entry point from there through the package's exports map.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The names `entry` exports that are not functions (classes count as functions), when required from plain Node. */
function missingFunctions(entry: string, names: string[]): string[] {
  const script = `const m = require(${JSON.stringify(entry)}); console.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof m[n] !== 'function')));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' }));
}

describe('npm run build', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe' });
  });

  it('writes JavaScript and type declarations of every entry point, and the bin', () => {
    for (const [entry, target] of Object.entries(manifest.exports as Record<string, string | { types: string; default: string }>)) {
      if (typeof target === 'string') continue;
      expect([entry, existsSync(join(root, target.default)), existsSync(join(root, target.types))]).toEqual([entry, true, true]);
    }
    expect(existsSync(join(root, manifest.bin.ledger))).toBe(true);
  });

  it('gives each entry point its surface: the Nest module, the verifiers and the test helpers are not at the root', () => {
    expect(missingFunctions('nestjs-ledger', ['Ledger', 'fromIon', 'toIon', 'signDigest', 'revisionProofFile', 'EventStore', 'CommandBus', 'Projections', 'exportJournal', 'parsePartiql'])).toEqual([]);
    expect(missingFunctions('nestjs-ledger/nest', ['LedgerModule', 'CommandHandler', 'InjectLedger', 'getLedgerToken'])).toEqual([]);
    expect(missingFunctions('nestjs-ledger/verify', ['verifyProofFile', 'parseProofFile', 'verifyBlock', 'verifyChain', 'verifySignedDigest', 'ionHash', 'LedgerTree'])).toEqual([]);
    expect(missingFunctions('nestjs-ledger/testing', ['CommandSpecification', 'MemoryEventStore', 'openTemporaryLedger'])).toEqual([]);
    expect(missingFunctions('nestjs-ledger/sinks', ['KafkaSink'])).toEqual([]);
    const elsewhere = ['LedgerModule', 'CommandHandler', 'CommandSpecification', 'verifyProofFile', 'ionHash', 'LedgerTree'];
    expect(missingFunctions('nestjs-ledger', elsewhere)).toEqual(elsewhere);
  });

  it('prints the package version with `ledger --version`', () => {
    expect(execFileSync(process.execPath, [join(root, manifest.bin.ledger), '--version'], { encoding: 'utf8' }).trim()).toBe(manifest.version);
  });
});
