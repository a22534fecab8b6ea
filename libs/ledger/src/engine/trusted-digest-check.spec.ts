// verify({ trusted }): a journal cut off after a digest the auditor holds, or rewritten
// consistently from a block, passes plain verify() (which is why a digest kept elsewhere is
// needed) and is reported as TRUNCATED or REWRITTEN against the trusted digest, plain or signed.
import { generateKeyPairSync } from 'node:crypto';
import { OriginMismatchError, SignatureError } from '../crypto';
import { InvalidArgumentError } from './errors';
import { cutOff, insertMore, insertsLedger, rewriteFrom, withLedgerAt } from './journal-rewrite.fixture';
import type { LedgerDigest } from './ledger';
import { tamper } from './tamper.fixture';
import { openTestLedger, removeTempLedgers } from './test-ledger.fixture';

afterAll(removeTempLedgers);

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

/** A ledger of blocks 0..8 and its digests at blocks 3 and 8, obtained before any tampering. */
async function ledgerWithDigests(): Promise<{ path: string; at3: LedgerDigest; at8: LedgerDigest; note: string }> {
  const path = await insertsLedger(7, privateKey);
  return withLedgerAt(
    path,
    async (ledger) => {
      const { oldDigest: at3, newDigest: at8 } = await ledger.getConsistencyProof({ strandId: ledger.strandId, sequenceNo: 3 });
      return { path, at3, at8, note: (await ledger.getSignedDigest()).note };
    },
    privateKey,
  );
}

const trust = (d: LedgerDigest) => ({ digest: d.digest, tipSequenceNo: d.digestTipAddress.sequenceNo });

describe('verify({ trusted }) with a digest and its tip', () => {
  it('passes for the journal that produced the digest, and for one that grew since', async () => {
    const { path, at8 } = await ledgerWithDigests();
    await withLedgerAt(path, async (ledger) => {
      const now = await ledger.verify({ trusted: trust(at8) });
      expect(now).toMatchObject({ valid: true, problems: [], checkpoints: [{ tipSequenceNo: 8, extended: true, source: 'the trusted digest' }] });
      await insertMore(ledger, 5, 'later');
      expect((await ledger.verify({ trusted: trust(at8) })).valid).toBe(true);
    });
  });

  it('reports a journal cut off after the trusted tip as TRUNCATED naming the blocks cut off, which plain verify() misses', async () => {
    const { path, at3, at8 } = await ledgerWithDigests();
    await cutOff(path, 5);
    await withLedgerAt(path, async (ledger) => {
      expect(await ledger.verify()).toMatchObject({ valid: true, blocksVerified: 6 });
      const result = await ledger.verify({ trusted: trust(at8) });
      expect(result.valid).toBe(false);
      expect(result.problems).toEqual([
        { code: 'TRUNCATED', sequenceNo: 6, message: expect.stringContaining('the journal ends at block 5, but the trusted digest') },
      ]);
      expect(result.problems[0].message).toContain('blocks 6..8 were cut off');
      expect((await ledger.verify({ trusted: { digest: at8.digest, tipSequenceNo: 6 } })).problems[0].message).toContain('block 6 was cut off');
      expect((await ledger.verify({ trusted: trust(at3) })).valid).toBe(true);
    });
  });

  it.each([
    ['to the same length', 5],
    ['and grown past the trusted tip', 8],
  ])('reports history rewritten consistently from block 4 %s as REWRITTEN, which plain verify() misses', async (_, blocks) => {
    const { path, at3, at8 } = await ledgerWithDigests();
    await rewriteFrom(path, 4, blocks);
    await withLedgerAt(path, async (ledger) => {
      expect(await ledger.verify()).toMatchObject({ valid: true, blocksVerified: 4 + blocks });
      const result = await ledger.verify({ trusted: trust(at8) });
      expect(result).toMatchObject({ valid: false, checkpoints: [{ tipSequenceNo: 8, extended: false }] });
      expect(result.problems).toEqual([{ code: 'REWRITTEN', sequenceNo: 8, message: expect.stringContaining('the journal does not extend the trusted digest') }]);
      expect(result.problems[0].message).toContain('history was rewritten in blocks 0..8');
      expect((await ledger.verify({ trusted: trust(at3) })).valid).toBe(true);
    });
  });

  it('lists the trust problem after verify()\'s own with { all: true }, and stops at verify()\'s first without', async () => {
    const { path, at8 } = await ledgerWithDigests();
    await cutOff(path, 5);
    await tamper(path, (sql) => sql.query('DELETE FROM ledger_document WHERE sequence_no = 3'));
    await withLedgerAt(path, async (ledger) => {
      expect((await ledger.verify({ trusted: trust(at8), all: true })).problems.map((p) => p.code)).toEqual(['DOCUMENT_MISMATCH', 'INDEX_MISMATCH', 'TRUNCATED']);
      expect(await ledger.verify({ trusted: trust(at8) })).toMatchObject({ problems: [{ code: 'DOCUMENT_MISMATCH' }], checkpoints: [] });
    });
  });

  it('refuses a malformed trusted digest or tip with InvalidArgumentError before reading anything', async () => {
    const { path, at8 } = await ledgerWithDigests();
    await withLedgerAt(path, async (ledger) => {
      await expect(ledger.verify({ trusted: { digest: new Uint8Array(31), tipSequenceNo: 8 } })).rejects.toThrow(InvalidArgumentError);
      await expect(ledger.verify({ trusted: { digest: at8.digest, tipSequenceNo: -1 } })).rejects.toThrow(/tipSequenceNo must be/);
      await expect(ledger.verify({ trusted: { digest: at8.digest } as never })).rejects.toThrow(InvalidArgumentError);
      await expect(ledger.verify({ trusted: null as never })).rejects.toThrow(InvalidArgumentError);
    });
  });
});

describe('verify({ trusted }) with a signed checkpoint', () => {
  it('passes for a genuine note of this ledger, and reports TRUNCATED and REWRITTEN against it', async () => {
    const { path, note } = await ledgerWithDigests();
    await withLedgerAt(path, async (ledger) => {
      const result = await ledger.verify({ trusted: { signedDigest: note, publicKey } });
      expect(result).toMatchObject({ valid: true, checkpoints: [{ tipSequenceNo: 8, source: `the signed checkpoint for ${ledger.checkpointOrigin}` }] });
    });
    await rewriteFrom(path, 6, 3);
    await withLedgerAt(path, async (ledger) => {
      expect((await ledger.verify()).valid).toBe(true);
      expect((await ledger.verify({ trusted: { signedDigest: note, publicKey } })).problems.map((p) => p.code)).toEqual(['REWRITTEN']);
    });
    await cutOff(path, 6);
    await withLedgerAt(path, async (ledger) => {
      expect((await ledger.verify({ trusted: { signedDigest: note, publicKey } })).problems.map((p) => p.code)).toEqual(['TRUNCATED']);
    });
  });

  it('refuses a note of another ledger signed with the same key (OriginMismatchError), by default and with an explicit origin', async () => {
    const { path } = await ledgerWithDigests();
    const staging = await openTestLedger(undefined, { signingKey: privateKey });
    const stagingNote = (await staging.getSignedDigest()).note;
    await staging.close();
    await withLedgerAt(path, async (ledger) => {
      await expect(ledger.verify({ trusted: { signedDigest: stagingNote, publicKey } })).rejects.toThrow(OriginMismatchError);
      await expect(ledger.verify({ trusted: { signedDigest: stagingNote, publicKey, origin: ledger.checkpointOrigin } })).rejects.toThrow(
        `not the expected origin "${ledger.checkpointOrigin}"`,
      );
    });
  });

  it('refuses a forged note and a note checked with another key (SignatureError)', async () => {
    const { path, note, at3 } = await ledgerWithDigests();
    const forged = note.replace(/\n8\n/, '\n4\n').replace(/\n[A-Za-z0-9+/]{43}=\n/, `\n${Buffer.from(at3.digest).toString('base64')}\n`);
    expect(forged).not.toBe(note);
    const other = generateKeyPairSync('ed25519').publicKey;
    await withLedgerAt(path, async (ledger) => {
      await expect(ledger.verify({ trusted: { signedDigest: forged, publicKey } })).rejects.toThrow(SignatureError);
      await expect(ledger.verify({ trusted: { signedDigest: note, publicKey: other } })).rejects.toThrow(SignatureError);
    });
  });
});
