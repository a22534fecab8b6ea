// `ledger verify` against digests kept elsewhere, run as a child process on real SQLite ledger
// files: a plain digest with its tip, a signed checkpoint (note or proof file) with the public key
// and origin, and a witness file. A copy cut off after the trusted tip, or rewritten consistently
// from a block, passes plain `ledger verify` and fails (exit 1, the problem named) against them.
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { FileCheckpointWitness, Ledger } from 'nestjs-ledger';
import { cutOff, insertMore, rewriteFrom } from '../libs/ledger/src/engine/journal-rewrite.fixture';
import { removeTempLedgers } from '../libs/ledger/src/engine/test-ledger.fixture';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { buildCli, ledgerCli } from './support/cli';

const keys = generateKeyPairSync('ed25519');
const publicKeyFile = tempFilePath('ledger.pub.pem');
const privateKeyFile = tempFilePath('ledger.pem');

let db: string;
let origin: string;
let digest: string;
let noteFile: string;
let witnessFile: string;

/** A copy of the ledger file, to tamper with. */
function copyOfLedger(): string {
  const copy = tempFilePath('copy.ledger');
  copyFileSync(db, copy);
  return copy;
}

beforeAll(async () => {
  buildCli();
  writeFileSync(publicKeyFile, keys.publicKey.export({ type: 'spki', format: 'pem' }) as string);
  writeFileSync(privateKeyFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  db = tempFilePath('orders.ledger');
  witnessFile = tempFilePath('orders.witness');
  const ledger = await Ledger.open({ name: 'orders', storage: { type: 'sqlite', database: db }, signingKey: keys.privateKey });
  await ledger.execute((tx) => tx.createTable('Account'));
  origin = ledger.checkpointOrigin;
  const witness = new FileCheckpointWitness(witnessFile, { publicKey: keys.publicKey, origin });
  for (const blocks of [3, 2, 2]) {
    await insertMore(ledger, blocks, 'genuine');
    await ledger.publishCheckpoint(witness);
  }
  const signed = await ledger.getSignedDigest();
  digest = Buffer.from(signed.digest).toString('base64');
  noteFile = tempFilePath('checkpoint.note');
  writeFileSync(noteFile, signed.note);
  await ledger.close();
});

afterAll(removeTempLedgers);

describe('ledger verify with a digest kept elsewhere', () => {
  it('exits 0 and says which digest it checked against: plain, signed (note or proof file) and witnessed', async () => {
    const plain = await ledgerCli(['verify', db, '--digest', digest, '--tip', '8']);
    expect(plain).toMatchObject({ code: 0, stderr: '' });
    expect(plain.stdout.split('\n')[1]).toBe(`extends the trusted digest: ${digest} at block 8`);
    const signed = await ledgerCli(['verify', db, '--signed-digest', noteFile, '--public-key', publicKeyFile, '--origin', origin]);
    expect(signed).toMatchObject({ code: 0, stderr: '' });
    expect(signed.stdout.split('\n')[1]).toBe(`extends the signed checkpoint for ${origin}: ${digest} at block 8`);
    const proofFile = tempFilePath('digest.ion');
    writeFileSync(proofFile, (await ledgerCli(['digest', db, '--signed', '--key', privateKeyFile])).stdout);
    expect((await ledgerCli(['verify', db, '--signed-digest', proofFile, '--public-key', publicKeyFile, '--origin', origin])).code).toBe(0);
    const witnessed = await ledgerCli(['verify', db, '--witness', witnessFile, '--public-key', publicKeyFile, '--origin', origin, '--json']);
    expect(witnessed).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(witnessed.stdout).checkpoints.map((c: { tipSequenceNo: number; extended: boolean }) => [c.tipSequenceNo, c.extended])).toEqual([
      [4, true],
      [6, true],
      [8, true],
    ]);
  });

  it('takes the origin from the note or the witness when --origin is missing, with a warning', async () => {
    const signed = await ledgerCli(['verify', db, '--signed-digest', noteFile, '--public-key', publicKeyFile]);
    expect(signed.code).toBe(0);
    expect(signed.stderr).toBe(`ledger: warning: the origin ${origin} is the signed note's own claim; pass --origin <ledger>/<strandId> to check it\n`);
    const witnessed = await ledgerCli(['verify', db, '--witness', witnessFile, '--public-key', publicKeyFile]);
    expect(witnessed.code).toBe(0);
    expect(witnessed.stderr).toContain(`the origin ${origin} is the first entry of the witness ${witnessFile}'s own claim`);
  });

  it('exits 1 on a copy cut off after the trusted tip, which plain verify passes', async () => {
    const copy = copyOfLedger();
    await cutOff(copy, 5);
    expect((await ledgerCli(['verify', copy])).code).toBe(0);
    const run = await ledgerCli(['verify', copy, '--digest', digest, '--tip', '8']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^block 6: TRUNCATED: the journal ends at block 5, but the trusted digest .* blocks 6\.\.8 were cut off\n$/);
    expect(run.stderr).toMatch(/^ledger: the ledger does not verify: block 6 TRUNCATED \(the journal ends at block 5/);
    const witnessed = await ledgerCli(['verify', copy, '--witness', witnessFile, '--public-key', publicKeyFile, '--origin', origin]);
    expect(witnessed.code).toBe(1);
    expect(witnessed.stdout).toContain(`block 6: TRUNCATED: the journal ends at block 5, but entry 2 of the witness ${witnessFile}`);
  });

  it('exits 1 on a copy rewritten consistently from block 7, which plain verify passes', async () => {
    const copy = copyOfLedger();
    await rewriteFrom(copy, 7, 3);
    expect((await ledgerCli(['verify', copy])).code).toBe(0);
    const signed = await ledgerCli(['verify', copy, '--signed-digest', noteFile, '--public-key', publicKeyFile, '--origin', origin]);
    expect(signed.code).toBe(1);
    expect(signed.stdout).toMatch(new RegExp(`^block 8: REWRITTEN: the journal does not extend the signed checkpoint for ${origin} .*history was rewritten in blocks 0\\.\\.8\n$`));
    const witnessed = await ledgerCli(['verify', copy, '--witness', witnessFile, '--public-key', publicKeyFile, '--origin', origin]);
    expect(witnessed.code).toBe(1);
    expect(witnessed.stdout).toContain('history was rewritten in blocks 7..8');
  });

  it('exits 1 on a forged witness entry, an entry of another ledger, and a signed digest of another origin', async () => {
    const witness = tempFilePath('tampered.witness');
    copyFileSync(witnessFile, witness);
    const [first] = readFileSync(witness, 'utf8').split('\n');
    const staging = await Ledger.open({ name: 'staging', storage: { type: 'sqlite', database: tempFilePath('staging.ledger') }, signingKey: keys.privateKey });
    const foreign = (await staging.getSignedDigest()).note;
    await staging.close();
    appendFileSync(witness, `${first.replace('\\n5\\n', '\\n6\\n')}\n${JSON.stringify(foreign)}\n`);
    const run = await ledgerCli(['verify', db, '--witness', witness, '--public-key', publicKeyFile, '--origin', origin, '--all']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').map((line) => line.split(':')[0])).toEqual(['CHECKPOINT_SIGNATURE_INVALID', 'CHECKPOINT_ORIGIN_MISMATCH', '']);
    const foreignNote = tempFilePath('staging.note');
    writeFileSync(foreignNote, foreign);
    const refused = await ledgerCli(['verify', db, '--signed-digest', foreignNote, '--public-key', publicKeyFile, '--origin', origin]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^ORIGIN_MISMATCH: /);
  });

  it.each([
    [['--digest', 'DIGEST'], /--digest and --tip go together/],
    [['--digest', 'abc', '--tip', '1'], /--digest must be a 32-byte digest in base64/],
    [['--signed-digest', 'NOTE'], /need --public-key/],
    [['--witness', 'x.witness'], /need --public-key/],
    [['--public-key', 'x.pem'], /--public-key and --origin go with --signed-digest or --witness/],
    [['--digest', 'DIGEST', '--tip', '1', '--signed-digest', 'NOTE'], /not both/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const run = await ledgerCli(['verify', db, ...(args as string[]).map((a) => (a === 'DIGEST' ? digest : a === 'NOTE' ? noteFile : a))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
