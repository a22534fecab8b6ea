// The saved-proof file: written from a real ledger's revision, block and signed digest, read back
// and verified offline; a tampered value, a tampered proof, a wrong digest, a wrong key or a
// malformed file are each reported (or refused) for what they are.
import { generateKeyPairSync } from 'node:crypto';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import type { Ledger } from '../engine';
import { fromIon, toIon, type IonStructObject } from '../ion';
import {
  blockProofFile,
  digestProofFile,
  InvalidProofFileError,
  MissingTrustedDigestError,
  parseProofFile,
  revisionProofFile,
  verifyProofFile,
} from '.';

const keys = generateKeyPairSync('ed25519');
const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }) as string;

/** The proof file with one field changed, as someone editing the saved text would. */
function edited(text: string, change: (file: IonStructObject) => void): string {
  const value = fromIon(text) as IonStructObject;
  change(value);
  return toIon(value, 'text');
}

describe('proof files', () => {
  let ledger: Ledger;
  let revisionFile: string;
  let blockFile: string;
  let digest: Uint8Array;
  let documentId: string;

  beforeAll(async () => {
    ledger = await openTestLedger(undefined, { signingKey: keys.privateKey, signingOrigin: 'bank.example/ledger' });
    await ledger.query('CREATE TABLE Account');
    const [inserted] = (await ledger.query("INSERT INTO Account VALUE {'owner': 'Ana', 'balance': 100.25}")) as Array<{ documentId: string }>;
    documentId = inserted.documentId;
    await ledger.query("INSERT INTO Account VALUE {'owner': 'Ben', 'balance': 7}");
    const signed = await ledger.getSignedDigest();
    digest = signed.digest;
    const [row] = (await ledger.query('SELECT r.blockAddress FROM _ql_committed_Account AS r BY id WHERE id = ?', documentId)) as IonStructObject[];
    const address = row.blockAddress as { strandId: string; sequenceNo: number };
    const withTip = { ...signed, tip: await ledger.getTipProof() };
    revisionFile = revisionProofFile(await ledger.getBlock(address), documentId, withTip);
    blockFile = blockProofFile(await ledger.getBlock(address), withTip);
  });

  afterAll(async () => {
    await ledger.close();
    await removeTempLedgers();
  });

  it('writes Ion text that reads back as the same revision, proof and digest', () => {
    const file = parseProofFile(revisionFile);
    expect(file.kind).toBe('revision');
    if (file.kind !== 'revision') return;
    const revision = file.block.revisions![file.revisionIndex];
    expect(revision.metadata?.id).toBe(documentId);
    expect(revision.data).toEqual({ owner: 'Ana', balance: expect.anything() });
    expect(file.block.revisions!.filter((r) => r.data !== undefined)).toHaveLength(1);
    expect(Buffer.from(file.digest)).toEqual(Buffer.from(digest));
    expect(file.proof.length).toBeGreaterThan(0);
    expect(file.tip?.block.blockAddress).toEqual(file.digestTipAddress);
  });

  it('verifies a revision and a block against the trusted digest, and against the signing key alone', () => {
    for (const text of [revisionFile, blockFile]) {
      const trusted = verifyProofFile(text, { digest });
      expect(trusted.problems).toEqual([]);
      expect(trusted.binding).toBe('header');
      expect(trusted.verified.tipSequenceNo).toBe(trusted.file.digestTipAddress.sequenceNo);
      expect(trusted.verified.block?.blockAddress).toEqual((trusted.file as { block: { blockAddress: unknown } }).block.blockAddress);
      const signed = verifyProofFile(text, { publicKey: publicPem, origin: ledger.checkpointOrigin });
      expect(signed.valid).toBe(true);
      expect(signed.warnings).toEqual([]);
      expect(signed.checkpoint?.treeSize).toBe(signed.file.digestTipAddress.sequenceNo + 1);
    }
  });

  it('reports a tampered revision value', () => {
    const tampered = edited(revisionFile, (f) => {
      const block = f.block as { revisions: IonStructObject[] };
      block.revisions[f.revisionIndex as number].data = { owner: 'Ana', balance: 1_000_000 };
    });
    const result = verifyProofFile(tampered, { digest });
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.code)).toEqual(['REVISION_HASH_MISMATCH']);
  });

  it('reports a tampered proof', () => {
    const tampered = edited(revisionFile, (f) => {
      const proof = f.proof as Uint8Array[];
      proof[0] = new Uint8Array(proof[0]).map((b, i) => (i === 0 ? b ^ 1 : b));
    });
    expect(verifyProofFile(tampered, { digest }).problems.map((p) => p.code)).toEqual(['BLOCK_NOT_IN_TREE']);
  });

  it('reports a digest that is not the trusted one', () => {
    const other = new Uint8Array(digest).map((b, i) => (i === 31 ? b ^ 0x80 : b));
    const result = verifyProofFile(revisionFile, { digest: other });
    expect(result.problems.map((p) => p.code)).toEqual(['DIGEST_MISMATCH']);
    expect(result.problems[0].message).toContain(Buffer.from(other).toString('base64'));
  });

  it('reports a block whose statement was altered', () => {
    const tampered = edited(blockFile, (f) => {
      const info = (f.block as IonStructObject).transactionInfo as { statements: IonStructObject[] };
      info.statements[0].statement = 'DELETE FROM Account';
    });
    expect(verifyProofFile(tampered, { digest }).problems.map((p) => p.code)).toContain('BLOCK_INVALID');
  });

  it('reports a signature by another key, and a file without one', async () => {
    const stranger = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(verifyProofFile(revisionFile, { publicKey: stranger }).problems.map((p) => p.code)).toEqual(['SIGNATURE_INVALID']);
    const unsigned = edited(revisionFile, (f) => delete f.signedDigest);
    expect(verifyProofFile(unsigned, { publicKey: publicPem }).problems.map((p) => p.code)).toEqual(['SIGNATURE_MISSING']);
  });

  it('verifies a signed digest file, and refuses one whose digest was swapped', async () => {
    const file = digestProofFile(await ledger.getSignedDigest());
    expect(verifyProofFile(file, { publicKey: publicPem }).valid).toBe(true);
    expect(verifyProofFile(file, { publicKey: publicPem }).warnings).toEqual([expect.stringMatching(/origin .* is the signed note's own claim/)]);
    const swapped = edited(file, (f) => (f.digest = new Uint8Array(32)));
    expect(verifyProofFile(swapped, { publicKey: publicPem }).problems.map((p) => p.code)).toEqual(['CHECKPOINT_MISMATCH']);
  });

  it('refuses malformed files and a verification with nothing to trust, with typed errors', () => {
    expect(() => parseProofFile('{ not ion')).toThrow(InvalidProofFileError);
    expect(() => parseProofFile('{format:"something.else"}')).toThrow(/format/);
    expect(() => parseProofFile(edited(revisionFile, (f) => (f.proof = ['x'])))).toThrow(/proof must be a list/);
    expect(() => verifyProofFile(revisionFile, {})).toThrow(MissingTrustedDigestError);
  });
});
