// Forged and tampered proof files, as a hostile server would send them, against every verifier:
// the library on a freshly built ledger, then the kept vectors (test/vectors/proofs) through the
// library and through `ledger verify-proof`. Each genuine file verifies; each forgery is refused
// with the first problem its case names.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Ledger } from 'nestjs-ledger';
import { verifyProofFile, type ProofTrust } from 'nestjs-ledger/verify';
import { buildCli, ledgerCli } from './support/cli';
import { buildForgeryLedger, buildQldbLedger, pemKeys, proofCases, qldbCases, type ProofCase } from './support/proof-forgeries';

const VECTORS = join(__dirname, 'vectors/proofs');

function libraryTrust(trust: ProofCase['trust']): ProofTrust {
  const { digest, ...rest } = trust;
  return { ...rest, ...(digest === undefined ? {} : { digest: new Uint8Array(Buffer.from(digest, 'base64')) }) };
}

/** The verdict of the library: 'valid' or the first problem's code. */
function libraryVerdict(file: string, trust: ProofCase['trust']): string {
  const result = verifyProofFile(file, libraryTrust(trust));
  return result.valid ? 'valid' : result.problems[0].code;
}

const vectors = JSON.parse(readFileSync(join(VECTORS, 'cases.json'), 'utf8')) as Array<Omit<ProofCase, 'file'> & { file: string }>;

describe('forged proofs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'forgeries-'));
  let ledger: Ledger;
  let staging: Ledger;
  let qldb: Ledger;
  let cases: ProofCase[];

  beforeAll(async () => {
    const keys = pemKeys();
    const built = await buildForgeryLedger(join(dir, 'prod.db'), keys.privatePem);
    ledger = built.ledger;
    staging = (await buildForgeryLedger(join(dir, 'staging.db'), keys.privatePem)).ledger;
    qldb = await buildQldbLedger(join(dir, 'qldb.db'));
    cases = [...(await proofCases(ledger, built.ids, keys, staging)), ...(await qldbCases(qldb))];
  });

  afterAll(async () => {
    await Promise.all([ledger?.close(), staging?.close(), qldb?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('from a fresh ledger: every genuine proof verifies and every forgery gets its refusal', () => {
    const verdicts = cases.map((c) => [c.name, libraryVerdict(c.file, c.trust)]);
    expect(verdicts).toEqual(cases.map((c) => [c.name, c.expect]));
    expect(cases.filter((c) => c.expect !== 'valid').length).toBeGreaterThanOrEqual(25);
  });

  it('`ledger event` prints an event proof file that verifies, and refuses an index past the block\'s events', async () => {
    buildCli();
    const blocks = await ledger.readBlocks(0, 100);
    const events = blocks.find((b) => (b.events ?? []).length === 2)!;
    const location = join(dir, 'prod.db');
    const run = await ledgerCli(['event', location, String(events.blockAddress.sequenceNo), '1']);
    expect(run.code).toBe(0);
    const { digest } = await ledger.getDigest();
    const result = verifyProofFile(run.stdout, { digest });
    expect([result.valid, result.file.kind, result.verified.block?.blockAddress.sequenceNo]).toEqual([true, 'event', events.blockAddress.sequenceNo]);
    const past = await ledgerCli(['event', location, String(events.blockAddress.sequenceNo), '2']);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/event at index 2/);
  });

  it('the kept vectors cover the same cases', () => {
    expect(vectors.map((v) => v.name).sort()).toEqual(cases.map((c) => c.name).sort());
  });
});

describe('proof vectors (test/vectors/proofs)', () => {
  it('through the library', () => {
    const verdicts = vectors.map((v) => [v.name, libraryVerdict(readFileSync(join(VECTORS, v.file), 'utf8'), v.trust)]);
    expect(verdicts).toEqual(vectors.map((v) => [v.name, v.expect]));
  });

  it('through `ledger verify-proof`: exit 0 with only verified claims, or exit 1 naming the refusal', async () => {
    buildCli();
    const keyDir = mkdtempSync(join(tmpdir(), 'vector-keys-'));
    const verdicts: string[][] = [];
    for (const v of vectors) {
      const args = ['verify-proof', join(VECTORS, v.file), '--json'];
      if (v.trust.digest) args.push('--digest', v.trust.digest);
      if (v.trust.tipSequenceNo !== undefined) args.push('--tip', String(v.trust.tipSequenceNo));
      if (v.trust.origin) args.push('--origin', v.trust.origin);
      if (v.trust.allowUnboundBlocks) args.push('--allow-unbound');
      if (v.trust.publicKey) {
        const keyFile = join(keyDir, `${v.name}.pem`);
        writeFileSync(keyFile, v.trust.publicKey);
        args.push('--public-key', keyFile);
      }
      const run = await ledgerCli(args);
      const output = JSON.parse(run.stdout) as { valid: boolean; problems: Array<{ code: string }> };
      verdicts.push([v.name, output.valid ? 'valid' : output.problems[0].code, String(run.code)]);
    }
    rmSync(keyDir, { recursive: true, force: true });
    expect(verdicts).toEqual(vectors.map((v) => [v.name, v.expect, v.expect === 'valid' ? '0' : '1']));
  });
});
