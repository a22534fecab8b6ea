// The published shape: `npm run build` (in a staged copy of the package's sources, so no other
// test's built files change under it) compiles the library with declarations to dist/libs/ledger,
// the explorer's pages beside its module, and the `ledger` command to dist/apps/cli (the package's
// bin), and plain Node (CommonJS require)
// loads each entry point from there through the package's exports map.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { npm, root, run, stagePackage } from './package/packed-package';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('npm run build', () => {
  const work = mkdtempSync(join(tmpdir(), 'nestjs-ledger-build-'));
  let stage: string;

  /** The names `entry` exports that are not functions (classes count as functions), when required from plain Node inside the package. */
  function missingFunctions(entry: string, names: string[]): string[] {
    const script = `const m = require(${JSON.stringify(entry)}); console.log(JSON.stringify(${JSON.stringify(names)}.filter((n) => typeof m[n] !== 'function')));`;
    return JSON.parse(run(process.execPath, ['-e', script], stage));
  }

  beforeAll(() => {
    stage = stagePackage(work);
    run(npm, ['run', 'build', '--silent'], stage);
  }, 300_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes JavaScript and type declarations of every entry point, the explorer’s pages, and the bin', () => {
    for (const [entry, target] of Object.entries(manifest.exports as Record<string, string | { types: string; default: string }>)) {
      if (typeof target === 'string') continue;
      expect([entry, existsSync(join(stage, target.default)), existsSync(join(stage, target.types))]).toEqual([entry, true, true]);
    }
    expect(existsSync(join(stage, manifest.bin.ledger))).toBe(true);
    expect(['explorer.js', 'explorer.css', 'verifier.html'].filter((name) => !existsSync(join(stage, 'dist/libs/ledger/nest/explorer/assets', name)))).toEqual([]);
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
    expect(execFileSync(process.execPath, [join(stage, manifest.bin.ledger), '--version'], { encoding: 'utf8' }).trim()).toBe(manifest.version);
  });
});
