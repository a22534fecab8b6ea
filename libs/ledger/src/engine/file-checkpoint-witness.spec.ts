// The file witness and verify({ witness }): checkpoints published to an append-only file as the
// ledger grows; verify() checks that the journal extends every one of them and reports the first it
// does not (a truncation or a consistent rewrite that plain verify() passes), a forged entry and an
// entry of another ledger. The witness refuses a checkpoint that does not extend its last one and
// never rewrites an earlier entry.
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { formatVerifierKey, InvalidKeyError, OriginMismatchError } from '../crypto';
import { CheckpointRefusedError, WitnessUnreadableError } from './errors';
import { FileCheckpointWitness } from './file-checkpoint-witness';
import { cutOff, insertMore, insertsLedger, rewriteFrom, withLedgerAt } from './journal-rewrite.fixture';
import type { Ledger } from './ledger';
import { openTestLedger, removeTempLedgers } from './test-ledger.fixture';
import { tempFilePath } from './test-storage.fixture';

afterAll(removeTempLedgers);

const { privateKey, publicKey } = generateKeyPairSync('ed25519');

/** The witness of `ledger` in a new file. */
function newWitness(ledger: Ledger): FileCheckpointWitness {
  return new FileCheckpointWitness(tempFilePath('checkpoints.witness'), { publicKey, origin: ledger.checkpointOrigin });
}

/** A ledger of blocks 0..8 whose checkpoints at blocks 4, 6 and 8 are in a new witness file. */
async function witnessedLedger(): Promise<{ path: string; witness: FileCheckpointWitness }> {
  const path = await insertsLedger(3, privateKey);
  const witness = await withLedgerAt(
    path,
    async (ledger) => {
      const witness = newWitness(ledger);
      await ledger.publishCheckpoint(witness);
      await insertMore(ledger, 2, 'more');
      await ledger.publishCheckpoint(witness);
      await insertMore(ledger, 2, 'more');
      await ledger.publishCheckpoint(witness);
      return witness;
    },
    privateKey,
  );
  return { path, witness };
}

describe('publishCheckpoint(witness)', () => {
  it('appends one signed note a line, never rewriting earlier entries, and nothing when the digest was published already', async () => {
    const { path, witness } = await witnessedLedger();
    const before = readFileSync(witness.path, 'utf8');
    expect(before.split('\n')).toHaveLength(4);
    await withLedgerAt(
      path,
      async (ledger) => {
        const signed = await ledger.publishCheckpoint(witness);
        expect(readFileSync(witness.path, 'utf8')).toBe(before);
        await insertMore(ledger, 1, 'later');
        const next = await ledger.publishCheckpoint(witness);
        const after = readFileSync(witness.path, 'utf8');
        expect(after.startsWith(before)).toBe(true);
        expect(after.slice(before.length)).toBe(`${JSON.stringify(next.note)}\n`);
        expect(await witness.read()).toEqual([...before.trim().split('\n').map((line) => JSON.parse(line)), next.note]);
        expect((await witness.read())[2]).toBe(signed.note);
      },
      privateKey,
    );
  });

  it('is refused by the witness after a rewrite or a truncation, and the file is left as it was', async () => {
    const { path, witness } = await witnessedLedger();
    const before = readFileSync(witness.path);
    await rewriteFrom(path, 7, 4);
    await withLedgerAt(path, (ledger) => expect(ledger.publishCheckpoint(witness)).rejects.toThrow(CheckpointRefusedError), privateKey);
    await withLedgerAt(path, (ledger) => expect(ledger.publishCheckpoint(witness)).rejects.toThrow('it does not extend the last checkpoint held (9 blocks)'), privateKey);
    await cutOff(path, 5);
    await withLedgerAt(path, (ledger) => expect(ledger.publishCheckpoint(witness)).rejects.toThrow(/holds a checkpoint of 9 blocks, and this journal ends at block 5/), privateKey);
    expect(readFileSync(witness.path)).toEqual(before);
  });

  it('needs the signing key, and refuses a witness of another origin before reading it', async () => {
    const { path, witness } = await witnessedLedger();
    const before = readFileSync(witness.path);
    await withLedgerAt(path, (ledger) => expect(ledger.publishCheckpoint(witness)).rejects.toThrow('no signingKey'));
    const other = await openTestLedger(undefined, { signingKey: privateKey });
    await expect(other.publishCheckpoint(witness)).rejects.toThrow(OriginMismatchError);
    await expect(other.publishCheckpoint(new FileCheckpointWitness(tempFilePath('missing/none.witness'), witness))).rejects.toThrow(OriginMismatchError);
    await other.close();
    expect(readFileSync(witness.path)).toEqual(before);
  });
});

describe('FileCheckpointWitness.append', () => {
  it('refuses a submission made against an older last checkpoint, a smaller tree, and a proof that does not hold', async () => {
    const { path, witness } = await witnessedLedger();
    const before = readFileSync(witness.path);
    await withLedgerAt(
      path,
      async (ledger) => {
        await insertMore(ledger, 2, 'later');
        const { note } = await ledger.getSignedDigest();
        const { proof } = await ledger.getConsistencyProof({ strandId: ledger.strandId, sequenceNo: 8 });
        await expect(witness.append({ note, oldSize: 7, proof })).rejects.toThrow('its last checkpoint has 9 blocks, the proof starts from 7');
        await expect(witness.append({ note, oldSize: 9, proof: proof.slice(1) })).rejects.toThrow('the consistency proof fails');
        const older = (await witness.read())[0];
        await expect(witness.append({ note: older, oldSize: 9, proof: [] })).rejects.toThrow('it has 5 blocks, fewer than the 9');
      },
      privateKey,
    );
    expect(readFileSync(witness.path)).toEqual(before);
  });

  it('starts a new line after a torn last line, which verify() reports', async () => {
    const { path, witness } = await witnessedLedger();
    appendFileSync(witness.path, '"torn');
    await withLedgerAt(
      path,
      async (ledger) => {
        await insertMore(ledger, 1, 'later');
        const { note } = await ledger.publishCheckpoint(witness);
        expect(readFileSync(witness.path, 'utf8').endsWith(`"torn\n${JSON.stringify(note)}\n`)).toBe(true);
        const result = await ledger.verify({ witness });
        expect(result.problems).toEqual([{ code: 'CHECKPOINT_SIGNATURE_INVALID', message: expect.stringContaining(`entry 4 of the witness ${witness.path}`) }]);
      },
      privateKey,
    );
  });

  it('refuses an empty path or origin, and a file it cannot read', async () => {
    expect(() => new FileCheckpointWitness('', { publicKey, origin: 'a/b' })).toThrow('the witness file path must be a non-empty string');
    expect(() => new FileCheckpointWitness('x', { publicKey, origin: '' })).toThrow("options.origin must be the ledger's checkpoint origin");
    const directory = tempFilePath('a-directory');
    mkdirSync(directory);
    const unreadable = new FileCheckpointWitness(directory, { publicKey, origin: 'a/b' });
    await expect(unreadable.read()).rejects.toThrow(WitnessUnreadableError);
    await expect(unreadable.append({ note: 'x', oldSize: 0, proof: [] })).rejects.toThrow(`the witness ${directory} cannot be read`);
  });
});

describe('verify({ witness })', () => {
  it('passes when the journal extends every checkpoint, listing them', async () => {
    const { path, witness } = await witnessedLedger();
    await withLedgerAt(path, async (ledger) => {
      const result = await ledger.verify({ witness });
      expect(result).toMatchObject({ valid: true, problems: [] });
      expect(result.checkpoints.map((c) => [c.tipSequenceNo, c.extended, c.source])).toEqual(
        [4, 6, 8].map((tip, i) => [tip, true, `entry ${i + 1} of the witness ${witness.path}`]),
      );
    });
  });

  it('reports a consistent rewrite from block 7 at the first checkpoint it does not extend, narrowed to blocks 7..8', async () => {
    const { path, witness } = await witnessedLedger();
    await rewriteFrom(path, 7, 4);
    await withLedgerAt(path, async (ledger) => {
      expect((await ledger.verify()).valid).toBe(true);
      const result = await ledger.verify({ witness });
      expect(result.problems).toEqual([{ code: 'REWRITTEN', sequenceNo: 8, message: expect.stringContaining(`the journal does not extend entry 3 of the witness ${witness.path}`) }]);
      expect(result.problems[0].message).toContain('history was rewritten in blocks 7..8');
    });
  });

  it('reports a truncation at the first checkpoint beyond the journal', async () => {
    const { path, witness } = await witnessedLedger();
    await cutOff(path, 5);
    await withLedgerAt(path, async (ledger) => {
      expect((await ledger.verify()).valid).toBe(true);
      const result = await ledger.verify({ witness, all: true });
      expect(result.problems.map((p) => [p.code, p.sequenceNo])).toEqual([
        ['TRUNCATED', 6],
        ['TRUNCATED', 6],
      ]);
      expect(result.problems[0].message).toContain(`entry 2 of the witness ${witness.path}`);
      expect(result.problems[0].message).toContain('block 6 was cut off');
    });
  });

  it('reports a forged entry (its digest changed, the signature kept) and an entry of another ledger signed with the same key', async () => {
    const { path, witness } = await witnessedLedger();
    const [first] = await witness.read();
    const forged = first.replace(/\n5\n/, '\n6\n');
    const staging = await openTestLedger(undefined, { signingKey: privateKey });
    const foreign = (await staging.getSignedDigest()).note;
    await staging.close();
    appendFileSync(witness.path, `${JSON.stringify(forged)}\n${JSON.stringify(foreign)}\n`);
    await withLedgerAt(path, async (ledger) => {
      const result = await ledger.verify({ witness, all: true });
      expect(result.problems.map((p) => p.code)).toEqual(['CHECKPOINT_SIGNATURE_INVALID', 'CHECKPOINT_ORIGIN_MISMATCH']);
      expect(result.problems[0].message).toContain(`entry 4 of the witness ${witness.path} is not a checkpoint signed by the ledger's key`);
      expect(result.problems[1].message).toContain(`entry 5 of the witness ${witness.path}: the signed checkpoint is for "${foreign.split('\n')[0]}"`);
      expect(result.checkpoints).toHaveLength(3);
      expect(await ledger.verify({ witness })).toMatchObject({ problems: [{ code: 'CHECKPOINT_SIGNATURE_INVALID' }], checkpoints: [] });
    });
  });

  it('refuses a witness holding no checkpoint, and a key that is not one', async () => {
    const { path } = await witnessedLedger();
    await withLedgerAt(path, async (ledger) => {
      const empty = newWitness(ledger);
      await expect(ledger.verify({ witness: empty })).rejects.toThrow(WitnessUnreadableError);
      await expect(ledger.verify({ witness: empty })).rejects.toThrow('holds no checkpoint to verify against');
      const badKey = new FileCheckpointWitness(empty.path, { publicKey: 'not a key', origin: ledger.checkpointOrigin });
      appendFileSync(empty.path, '"x"\n');
      await expect(ledger.verify({ witness: badKey })).rejects.toThrow(InvalidKeyError);
    });
  });

  it('reads the witness with a C2SP verifier key as well, and reports every entry as unsigned under another key', async () => {
    const { path, witness } = await witnessedLedger();
    await withLedgerAt(path, async (ledger) => {
      const origin = ledger.checkpointOrigin;
      const verifierKey = formatVerifierKey(origin, publicKey);
      expect((await ledger.verify({ witness: new FileCheckpointWitness(witness.path, { publicKey: verifierKey, origin }) })).valid).toBe(true);
      const otherKey = generateKeyPairSync('ed25519').publicKey;
      const result = await ledger.verify({ witness: new FileCheckpointWitness(witness.path, { publicKey: otherKey, origin }), all: true });
      expect(result.problems.map((p) => p.code)).toEqual(Array(3).fill('CHECKPOINT_SIGNATURE_INVALID'));
    });
  });
});
