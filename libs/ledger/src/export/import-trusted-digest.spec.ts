// importJournal with a digest kept elsewhere: the real QLDB export vector imports against its
// GetDigest output (EXPECTED.json's digest at block 11), and is refused, with no ledger left,
// against another digest, a tip beyond its end or another strand; a fabricated, self-consistent
// export is refused against the genuine digest.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QLDB_EXPORT_DIR } from '../../../../test/support/vectors';
import { InvalidArgumentError, Ledger } from '../engine';
import '../partiql';
import { exportJournal, importJournal, ImportRefusedError, parseQldbDigest, type TrustedImportDigest } from '.';

const directory = mkdtempSync(join(tmpdir(), 'ledger-trusted-import-spec-'));
const expected = JSON.parse(readFileSync(join(QLDB_EXPORT_DIR, 'EXPECTED.json'), 'utf8'));
let n = 0;
const target = () => join(directory, `import-${n++}.ledger`);

afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** QLDB's GetDigest output for a digest and tip, as the AWS CLI prints it. */
function getDigestOutput(digest: string, sequenceNo: number, strandId = expected.strandId): string {
  return JSON.stringify({ Digest: digest, DigestTipAddress: { IonText: `{strandId:"${strandId}",sequenceNo:${sequenceNo}}` } });
}

async function refusal(from: string, trustedDigest: TrustedImportDigest): Promise<string> {
  const database = target();
  const error = await importJournal(from, { type: 'sqlite', database }, { trustedDigest }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportRefusedError);
  expect(existsSync(database)).toBe(false);
  return (error as Error).message;
}

describe('importJournal with a trusted digest', () => {
  it("imports QLDB's export checked against its GetDigest output", async () => {
    const trustedDigest = parseQldbDigest(getDigestOutput(expected.digest_base64, 11));
    expect(trustedDigest).toMatchObject({ sequenceNo: 11, strandId: expected.strandId });
    const result = await importJournal(QLDB_EXPORT_DIR, { type: 'sqlite', database: target() }, { trustedDigest });
    expect(result.blocksImported).toBe(12);
  });

  it('refuses it against another digest, a tip past its end, or another strand', async () => {
    const genuine = parseQldbDigest(getDigestOutput(expected.digest_base64, 11));
    const other = Buffer.alloc(32, 7);
    expect(await refusal(QLDB_EXPORT_DIR, { ...genuine, digest: other })).toContain(
      `the export's digest at block 11 is ${expected.digest_base64}, not the trusted digest ${other.toString('base64')}`,
    );
    expect(await refusal(QLDB_EXPORT_DIR, { ...genuine, sequenceNo: 12 })).toContain("the export ends at block 11, before the trusted digest's tip 12: it is truncated");
    expect(await refusal(QLDB_EXPORT_DIR, { ...genuine, sequenceNo: 10 })).toContain("the export's digest at block 10 is");
    expect(await refusal(QLDB_EXPORT_DIR, { ...genuine, strandId: 'AAAAAAAAAAAAAAAAAAAAAA' })).toContain(
      `the trusted digest is of strand AAAAAAAAAAAAAAAAAAAAAA; the export's strand is ${expected.strandId}`,
    );
  });

  it('refuses a fabricated, self-consistent export of the same ledger against the genuine digest', async () => {
    const genuine = await Ledger.open({ name: 'bank', storage: { type: 'sqlite', database: target() } });
    await genuine.query('CREATE TABLE Account');
    await genuine.query('INSERT INTO Account ?', { owner: 'Ana', balance: 10 });
    const { digest, digestTipAddress } = await genuine.getDigest();
    const fabricated = join(directory, `fabricated-${n++}`);
    const forger = await Ledger.open({ name: 'bank', storage: { type: 'sqlite', database: target() } });
    await forger.query('CREATE TABLE Account');
    await forger.query('INSERT INTO Account ?', { owner: 'Ana', balance: 1000000 });
    await exportJournal(forger, fabricated);
    await Promise.all([genuine.close(), forger.close()]);
    const unchecked = await importJournal(fabricated, { type: 'sqlite', database: target() });
    expect(unchecked.blocksImported).toBe(digestTipAddress.sequenceNo + 1);
    expect(await refusal(fabricated, { digest, sequenceNo: digestTipAddress.sequenceNo })).toContain(`the export's digest at block ${digestTipAddress.sequenceNo} is`);
  });

  it('rejects what is not a GetDigest output, naming what is wrong', () => {
    expect(() => parseQldbDigest('{"Digest": "abc"}')).toThrow(InvalidArgumentError);
    expect(() => parseQldbDigest(getDigestOutput(expected.digest_base64, -1))).toThrow('"DigestTipAddress.IonText" must be {strandId:"...",sequenceNo:N}');
    expect(() => parseQldbDigest('not json')).toThrow("not QLDB's GetDigest output: the text is not JSON");
  });
});
