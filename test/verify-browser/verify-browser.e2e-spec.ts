// nestjs-ledger/verify runs in a browser: esbuild bundles libs/ledger/src/verify/index.ts for the
// browser platform (which fails on any node builtin in its import graph) into a bundle without the
// Buffer identifier, and headless Chromium runs every case of test/vectors/proofs in a page, as Ion
// text and as Ion binary, reaching the library's verdict and problem codes; signed digests made by
// the library verify there, and refuse the wrong key and the wrong origin. The docs' browser sample
// (audit-in-browser.ts) runs there too.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { formatVerifierKey, fromIon, signDigest, toIon } from 'nestjs-ledger';
import { verifyProofFile, type ProofTrust } from 'nestjs-ledger/verify';
import { launchChromium } from '../support/chromium';
import type { ProofCase } from '../support/proof-forgeries';
import { runExample } from '../support/readme-example';

const ROOT = join(__dirname, '../..');
const ENTRY = join(ROOT, 'libs/ledger/src/verify/index.ts');
const VECTORS = join(ROOT, 'test/vectors/proofs');
const GLOBAL = 'LedgerVerify';

type VectorCase = Omit<ProofCase, 'file'> & { file: string };
/** A verdict as both sides report it: valid, and every problem's code in order. */
type Verdict = { valid: boolean; codes: string[] };

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** The IIFE bundle of `entry` for browsers, exposing its exports as the global `globalName`. */
async function bundle(entry: string, globalName = GLOBAL): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, platform: 'browser', format: 'iife', globalName, target: 'es2022', write: false, logLevel: 'silent' });
  return result.outputFiles[0].text;
}

const vectors = (JSON.parse(readFileSync(join(VECTORS, 'cases.json'), 'utf8')) as VectorCase[]).map((v) => ({
  ...v,
  text: readFileSync(join(VECTORS, v.file), 'utf8'),
}));

/** The library's verdict (in Node, with node:crypto installed by the engine). */
function libraryVerdict(file: string | Uint8Array, trust: VectorCase['trust']): Verdict {
  const { digest, ...rest } = trust;
  const libraryTrust: ProofTrust = { ...rest, ...(digest === undefined ? {} : { digest: new Uint8Array(Buffer.from(digest, 'base64')) }) };
  const result = verifyProofFile(file, libraryTrust);
  return { valid: result.valid, codes: result.problems.map((p) => p.code) };
}

/** The page's verdicts on each case, the file given as Ion text or as base64 of Ion binary. */
function pageVerdicts(page: Page, cases: Array<{ file: string; binary: boolean; trust: VectorCase['trust'] }>): Promise<Verdict[]> {
  return page.evaluate(
    ({ cases, name }) => {
      const verify = (globalThis as unknown as Record<string, typeof import('nestjs-ledger/verify')>)[name];
      return cases.map(({ file, binary, trust }) => {
        const { digest, ...rest } = trust;
        const input = binary ? verify.decodeBase64(file)! : file;
        const result = verify.verifyProofFile(input, { ...rest, ...(digest === undefined ? {} : { digest: verify.decodeBase64(digest) }) });
        return { valid: result.valid, codes: result.problems.map((p) => p.code) };
      });
    },
    { cases, name: GLOBAL },
  );
}

describe('nestjs-ledger/verify in a browser', () => {
  let code: string;
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    code = await bundle(ENTRY);
    const chromium = await launchChromium();
    close = chromium.close;
    page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.setContent('<!doctype html><title>verify</title>');
    await page.addScriptTag({ content: code });
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    await close?.();
  });

  it('bundles for the browser without node builtins or Buffer', async () => {
    expect(code).not.toMatch(/\bBuffer\b/);
    expect(code).not.toMatch(/["']node:/);
    await expect(bundle(join(__dirname, 'node-builtin.fixture.ts'))).rejects.toThrow(/node:crypto/);
  });

  it('exposes the verifier in the page, with no Buffer there', async () => {
    const globals = await page.evaluate((name) => ({ exports: Object.keys((globalThis as unknown as Record<string, object>)[name]).length, buffer: typeof (globalThis as { Buffer?: unknown }).Buffer }), GLOBAL);
    expect(globals).toEqual({ exports: expect.any(Number), buffer: 'undefined' });
    expect(globals.exports).toBeGreaterThan(20);
  });

  it('reaches the library\'s verdict on every proof vector, from Ion text', async () => {
    const verdicts = await pageVerdicts(page, vectors.map((v) => ({ file: v.text, binary: false, trust: v.trust })));
    expect(vectors.map((v, i) => [v.name, verdicts[i]])).toEqual(vectors.map((v) => [v.name, libraryVerdict(v.text, v.trust)]));
    expect(vectors.map((v, i) => [v.name, verdicts[i].valid ? 'valid' : verdicts[i].codes[0]])).toEqual(vectors.map((v) => [v.name, v.expect]));
    expect(vectors.filter((v) => v.expect !== 'valid').length).toBeGreaterThanOrEqual(25);
  });

  it('reaches the same verdicts from Ion binary', async () => {
    const binaries = vectors.map((v) => toIon(fromIon(v.text), 'binary'));
    const verdicts = await pageVerdicts(page, vectors.map((v, i) => ({ file: base64(binaries[i]), binary: true, trust: v.trust })));
    expect(vectors.map((v, i) => [v.name, verdicts[i]])).toEqual(vectors.map((v, i) => [v.name, libraryVerdict(binaries[i], v.trust)]));
    expect(vectors.map((v, i) => [v.name, verdicts[i].valid ? 'valid' : verdicts[i].codes[0]])).toEqual(vectors.map((v) => [v.name, v.expect]));
  });

  it('verifies a signed digest made by the library, and refuses the wrong key and the wrong origin', async () => {
    const keys = generateKeyPairSync('ed25519');
    const other = generateKeyPairSync('ed25519');
    const origin = 'bank.example/ledger/2H4lOoJkXuWSz0Rs5LVwhJ';
    const digest = new Uint8Array(32).map((_, i) => i * 7);
    const note = signDigest({ origin, treeSize: 42, digest }, keys.privateKey);
    const pem = (key: typeof keys.publicKey) => key.export({ type: 'spki', format: 'pem' }) as string;
    const attempts = [
      { name: 'good, PEM', key: pem(keys.publicKey), origin },
      { name: 'good, verifier key', key: formatVerifierKey(origin, keys.publicKey), origin },
      { name: 'wrong key', key: pem(other.publicKey), origin },
      { name: 'wrong origin', key: pem(keys.publicKey), origin: 'bank.example/ledger/another' },
      { name: 'altered note', key: pem(keys.publicKey), origin, note: note.replace('\n42\n', '\n43\n') },
    ];
    const outcomes = await page.evaluate(
      ({ attempts, note, name }) => {
        const verify = (globalThis as unknown as Record<string, typeof import('nestjs-ledger/verify')>)[name];
        return attempts.map((attempt) => {
          try {
            const checkpoint = verify.verifySignedDigest(attempt.note ?? note, attempt.key, { origin: attempt.origin });
            return [attempt.name, `${checkpoint.origin} ${checkpoint.treeSize} ${verify.encodeBase64(checkpoint.digest)}`];
          } catch (error) {
            return [attempt.name, (error as { code?: string }).code ?? String(error)];
          }
        });
      },
      { attempts, note, name: GLOBAL },
    );
    const genuine = `${origin} 42 ${base64(digest)}`;
    expect(outcomes).toEqual([
      ['good, PEM', genuine],
      ['good, verifier key', genuine],
      ['wrong key', 'INVALID_SIGNATURE'],
      ['wrong origin', 'ORIGIN_MISMATCH'],
      ['altered note', 'INVALID_SIGNATURE'],
    ]);
  });

  it('runs the docs sample, bundled from audit-in-browser.ts, on a genuine and an altered proof file', async () => {
    const sample = join(__dirname, 'audit-in-browser.ts');
    await page.addScriptTag({ content: await bundle(sample, 'AuditSample') });
    const byName = (name: string) => vectors.find((v) => v.name === name)!;
    const trusted = { digest: byName('revision').trust.digest!, publicKey: byName('revision-signed').trust.publicKey!, origin: byName('revision-signed').trust.origin! };
    const files = [byName('revision').text, byName('revision-data-altered').text];
    const verdicts = await page.evaluate(
      ({ files, trusted }) => files.map((file) => (globalThis as unknown as { AuditSample: typeof import('./audit-in-browser') }).AuditSample.audit(file, trusted)),
      { files, trusted },
    );
    expect(verdicts).toEqual([expect.stringMatching(new RegExp(`^valid: block \\d+ of ${trusted.origin}$`)), 'refused: REVISION_HASH_MISMATCH']);
  });

  it('loads the docs sample in plain Node too (nestjs-ledger/verify needs no engine)', () => {
    expect(runExample(join(__dirname, 'audit-in-browser.ts'))).toBe('');
  });
});
