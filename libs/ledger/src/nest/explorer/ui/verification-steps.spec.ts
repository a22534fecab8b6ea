// The verify page's step-by-step report reaches the library's verdict on every proof vector that
// a digest or a public key decides (test/vectors/proofs), and names the step of the expected code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyStepByStep } from './verification-steps';

const VECTORS = join(__dirname, '../../../../../../test/vectors/proofs');

interface VectorCase {
  name: string;
  file: string;
  trust: { digest?: string; publicKey?: string; origin?: string; tipSequenceNo?: number; allowUnboundBlocks?: boolean };
  expect: string;
}

/** The cases the page's inputs can express: a digest and its tip, a public key and an origin (not QLDB's unbound blocks). */
const cases = (JSON.parse(readFileSync(join(VECTORS, 'cases.json'), 'utf8')) as VectorCase[]).filter((c) => c.trust.allowUnboundBlocks === undefined);
const input = (trust: VectorCase['trust']) => ({ digest: trust.digest ?? '', publicKey: trust.publicKey ?? '', origin: trust.origin ?? '', tip: trust.tipSequenceNo?.toString() ?? '' });

describe('verifyStepByStep', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: the expected verdict, at a step that names the expected code', (_name, c) => {
    const report = verifyStepByStep(readFileSync(join(VECTORS, c.file), 'utf8'), input(c.trust));
    expect(report.valid).toBe(c.expect === 'valid');
    if (c.expect === 'valid') {
      expect(report.steps.every((s) => s.state === 'passed')).toBe(true);
      expect(report.summary).toMatch(/^Verified: /);
    } else {
      const failing = report.steps.find((s) => s.state === 'failed')!;
      expect(failing.codes[0]).toBe(c.expect);
      expect(report.summary).toBe(`Refused at “${failing.title}”: ${failing.detail}`);
    }
  });

  it('covers most vectors, refused ones included', () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    expect(cases.some((c) => c.file.startsWith('consistency') && c.expect === 'valid')).toBe(true);
    expect(cases.filter((c) => c.expect !== 'valid').length).toBeGreaterThanOrEqual(25);
  });

  it('refuses a malformed file at the first step, and no trust at the second', () => {
    const malformed = verifyStepByStep('{ format: "nope" }', { digest: 'AAAA', publicKey: '', origin: '' });
    expect(malformed.steps.map((s) => [s.title, s.state, s.codes])).toEqual([['Read the proof file', 'failed', ['INVALID_PROOF_FILE']]]);
    const revision = readFileSync(join(VECTORS, 'revision.ion'), 'utf8');
    for (const [digest, tip] of [['', ''], ['not base64', ''], ['AAAA', ''], ['MWkcyG4EyZ28GudHR3dEiZSKQlza7fCUekT7VQt09oQ=', 'eight']]) {
      const report = verifyStepByStep(revision, { digest, publicKey: '', origin: '', tip });
      expect(report.steps.map((s) => [s.title, s.state])).toEqual([
        ['Read the proof file', 'passed'],
        ['Read what you trust', 'failed'],
      ]);
    }
  });
});
