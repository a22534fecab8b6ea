// The built `ledger` command run as a child process on real SQLite ledgers: verify (valid,
// tampered, missing, garbage arguments), digest, block, revision and verify-proof, each output read
// back and verified.
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { fromIon, fromIonJson, Ledger, toIon, type IonStructObject } from 'nestjs-ledger';
import { parseProofFile, verifyProofFile } from 'nestjs-ledger/verify';
import { tempFilePath } from '../libs/ledger/src/engine/test-storage.fixture';
import { removeTempLedgers } from '../libs/ledger/src/engine/test-ledger.fixture';
import { buildCli, ledgerCli, startLedgerCli } from './support/cli';

const keys = generateKeyPairSync('ed25519');

let db: string;
let documentId: string;
let updatedIn: number;
let insertedIn: number;

/** Raw SQL on a closed ledger file, as an attacker with write access would run it. */
function tamperRevision(path: string, sequenceNo: number, data: IonStructObject): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER IF EXISTS journal_revision_no_update');
  raw.prepare('UPDATE journal_revision SET data = ? WHERE sequence_no = ?').run(Buffer.from(toIon(data, 'binary')), sequenceNo);
  raw.close();
}

beforeAll(async () => {
  buildCli();
  db = tempFilePath('bank.ledger');
  const ledger = await Ledger.open({ name: 'bank', storage: { type: 'sqlite', database: db } });
  await ledger.query('CREATE TABLE Account');
  await ledger.query('CREATE INDEX ON Account (owner)');
  const inserted = await ledger.transact((tx) => tx.executeStatement("INSERT INTO Account VALUE {'owner': 'Ana', 'balance': 10.50}"));
  documentId = (inserted.value[0] as IonStructObject).documentId as string;
  insertedIn = inserted.block!.blockAddress.sequenceNo;
  for (let i = 0; i < 8; i++) await ledger.query('INSERT INTO Account ?', { owner: `o${i}`, balance: i });
  const outcome = await ledger.transact((tx) => tx.executeStatement("UPDATE Account SET balance = 99 WHERE owner = 'Ana'"));
  updatedIn = outcome.block!.blockAddress.sequenceNo;
  await ledger.close();
});

afterAll(removeTempLedgers);

describe('ledger verify', () => {
  it('exits 0 on a valid ledger and prints its digest', async () => {
    const run = await ledgerCli(['verify', db]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^valid: 13 blocks verified on strand \w{22}; digest at block 12: [A-Za-z0-9+/]{43}=\n$/);
  });

  it('prints JSON with --json', async () => {
    const run = await ledgerCli(['verify', db, '--json']);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ valid: true, blocksVerified: 13, problems: [], digestTipAddress: { sequenceNo: 12 } });
  });

  it('exits 1 on a tampered copy, naming the block and what broke', async () => {
    const copy = tempFilePath('tampered.ledger');
    copyFileSync(db, copy);
    tamperRevision(copy, updatedIn, { owner: 'Ana', balance: 1_000_000 });
    const run = await ledgerCli(['verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`block ${updatedIn}: REVISION_HASH_MISMATCH`);
    expect(run.stderr).toBe(`ledger: the ledger does not verify: block ${updatedIn} REVISION_HASH_MISMATCH (${run.stdout.split(': ').slice(2).join(': ').trim()})\n`);
    const json = JSON.parse((await ledgerCli(['verify', copy, '--json'])).stdout);
    expect(json).toMatchObject({ valid: false, firstBadSequenceNo: updatedIn });
  });

  it('exits 2 on a missing file without creating it', async () => {
    const missing = join(tempFilePath('dir'), 'missing.ledger');
    const run = await ledgerCli(['verify', missing]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`ledger: the sqlite ledger at ${missing} is not a usable ledger: the file does not exist\n`);
    expect(existsSync(missing)).toBe(false);
  });

  it('exits 2 on a file that is not a ledger', async () => {
    const garbage = tempFilePath('garbage.ledger');
    writeFileSync(garbage, 'this is not a database, just text '.repeat(200));
    const run = await ledgerCli(['verify', garbage]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ledger: .*garbage\.ledger is not a usable ledger: the file is not an SQLite database \(an encrypted one opens only with storage\.encryption\)\n$/);
  });

  it.each([
    [['verify'], /missing required argument 'db'/],
    [['frobnicate', 'DB'], /unknown command 'frobnicate'/],
    [['verify', 'DB', '--bogus'], /unknown option '--bogus'/],
    [['block', 'DB', 'seven'], /sequenceNo must be a non-negative integer, not "seven"/],
    [['block', 'DB', '99'], /outside the journal \(0\.\.12\)/],
    [['verify-proof', 'x.ion'], /needs --digest/],
    [['verify-proof', 'x.ion', '--digest', 'abc'], /--digest must be a 32-byte digest in base64/],
    [['digest', 'DB', '--signed'], /--signed needs --key/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const run = await ledgerCli((args as string[]).map((a) => (a === 'DB' ? db : a)), { env: { LEDGER_SIGNING_KEY_FILE: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('answers --help on every command', async () => {
    for (const command of ['verify', 'digest', 'block', 'revision', 'event', 'consistency', 'verify-proof', 'query', 'shell', 'history', 'tail', 'export', 'import', 'backup']) {
      const run = await ledgerCli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: ledger ${command}`);
    }
  });
});

describe('ledger digest, block, revision and verify-proof', () => {
  let digest: string;

  beforeAll(async () => {
    const run = await ledgerCli(['digest', db]);
    expect(run.code).toBe(0);
    digest = Buffer.from(parseProofFile(run.stdout).digest).toString('base64');
  });

  it('prints the digest the library computes', async () => {
    const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: db } });
    const expected = await ledger.getDigest();
    await ledger.close();
    const file = fromIon((await ledgerCli(['digest', db])).stdout) as IonStructObject;
    expect(Buffer.from(file.digest as Uint8Array).toString('base64')).toBe(Buffer.from(expected.digest).toString('base64'));
    expect(file.digestTipAddress).toEqual(expected.digestTipAddress);
  });

  it('prints a block whose proof verifies, in Ion text and in JSON', async () => {
    const ion = await ledgerCli(['block', db, '3']);
    expect(verifyProofFile(ion.stdout, { digest: Buffer.from(digest, 'base64') }).valid).toBe(true);
    const json = await ledgerCli(['block', db, '3', '--json']);
    const fromJson = toIon(fromIonJson(JSON.parse(json.stdout)), 'text');
    expect(verifyProofFile(fromJson, { digest: Buffer.from(digest, 'base64') }).valid).toBe(true);
  });

  it('proves a revision against an earlier tip', async () => {
    const run = await ledgerCli(['revision', db, String(insertedIn), documentId, '--tip', '5']);
    const file = parseProofFile(run.stdout);
    expect(file.digestTipAddress.sequenceNo).toBe(5);
    const early = Buffer.from(parseProofFile((await ledgerCli(['digest', db, '--tip', '5'])).stdout).digest);
    expect(verifyProofFile(file, { digest: early }).valid).toBe(true);
    expect(verifyProofFile(file, { digest: Buffer.from(digest, 'base64') }).problems.map((p) => p.code)).toEqual(['DIGEST_MISMATCH']);
  });

  it('verifies a saved revision proof offline (exit 0) and refuses an altered one (exit 1)', async () => {
    const saved = tempFilePath('revision.ion');
    writeFileSync(saved, (await ledgerCli(['revision', db, String(updatedIn), documentId])).stdout);
    const good = await ledgerCli(['verify-proof', saved, '--digest', digest]);
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect(good.stdout).toMatch(new RegExp(`^valid: the revision of document ${documentId} version 1 in block ${updatedIn} \\(transaction \\w{22}, [-:.TZ0-9]+\\) is proven by the digest ${escape(digest)} at block \\d+ on strand \\w{22}\n$`));

    const altered = tempFilePath('altered.ion');
    writeFileSync(altered, readFileSync(saved, 'utf8').replace('balance:99', 'balance:100'));
    const bad = await ledgerCli(['verify-proof', altered, '--digest', digest]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^REVISION_HASH_MISMATCH: the revision of document \w+ version 1 does not hash/);
    expect(bad.stderr).toMatch(/^ledger: the proof does not verify: REVISION_HASH_MISMATCH/);

    const garbled = tempFilePath('garbled.ion');
    writeFileSync(garbled, '{format: "nestjs-ledger.proof.v1", kind: "revision"');
    expect((await ledgerCli(['verify-proof', garbled, '--digest', digest])).code).toBe(2);
  });

  it('signs the digest with --signed --key and verifies it with --public-key', async () => {
    const privateFile = tempFilePath('ledger-key.pem');
    const publicFile = tempFilePath('ledger-key.pub.pem');
    writeFileSync(privateFile, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    writeFileSync(publicFile, keys.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    const signed = tempFilePath('digest.ion');
    const run = await ledgerCli(['digest', db, '--signed', '--key', privateFile, '--origin', 'bank.example/ledger']);
    expect(run.code).toBe(0);
    writeFileSync(signed, run.stdout);
    const claimed = await ledgerCli(['verify-proof', signed, '--public-key', publicFile]);
    expect(claimed.code).toBe(0);
    expect(claimed.stderr).toMatch(/warning: the origin bank.example\/ledger is the signed note's own claim/);
    expect((await ledgerCli(['verify-proof', signed, '--public-key', publicFile, '--origin', 'bank.example/ledger'])).stderr).not.toMatch(/own claim/);
    expect((await ledgerCli(['verify-proof', signed, '--public-key', publicFile, '--origin', 'staging.example/ledger'])).stdout).toMatch(/^ORIGIN_MISMATCH: /);
    const revision = tempFilePath('signed-revision.ion');
    writeFileSync(revision, (await ledgerCli(['revision', db, String(insertedIn), documentId, '--key', privateFile])).stdout);
    expect((await ledgerCli(['verify-proof', revision, '--public-key', publicFile, '--digest', digest])).code).toBe(0);
    const stranger = tempFilePath('stranger.pem');
    writeFileSync(stranger, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string);
    const refused = await ledgerCli(['verify-proof', signed, '--public-key', stranger]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^SIGNATURE_INVALID: /);
  });
});

describe('ledger consistency', () => {
  it('proves that the current digest extends an older one, checked offline with the old digest and its tip', async () => {
    const old = Buffer.from(parseProofFile((await ledgerCli(['digest', db, '--tip', '3'])).stdout).digest).toString('base64');
    const saved = tempFilePath('consistency.ion');
    const run = await ledgerCli(['consistency', db, '--from', '3']);
    expect(run.code).toBe(0);
    writeFileSync(saved, run.stdout);
    const good = await ledgerCli(['verify-proof', saved, '--digest', old, '--tip', '3']);
    expect(good).toMatchObject({ code: 0, stderr: '' });
    expect(good.stdout).toMatch(new RegExp(`^valid: the digest \\S+ at block \\d+ on strand \\w{22} extends the digest ${escape(old)} at block 3\n$`));
    expect((await ledgerCli(['verify-proof', saved, '--digest', old, '--tip', '4'])).stdout).toMatch(/^TIP_MISMATCH: /);
    expect((await ledgerCli(['consistency', db])).code).toBe(2);
  });
});

/** `text` with the characters a RegExp gives meaning to escaped. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

describe('ledger query, history and shell', () => {
  it('runs a query with Ion parameters and prints a table, or Ion text with --ion', async () => {
    const table = await ledgerCli(['query', db, 'SELECT owner, balance FROM Account WHERE balance >= ? AND owner <> ?', '6', '"Ana"']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').slice(0, 2)).toEqual(['owner | balance', '------+--------']);
    expect(table.stdout).toContain('o7    | 7');
    expect(table.stdout).toContain('(2 rows)');
    const ion = await ledgerCli(['query', db, 'SELECT VALUE balance FROM Account WHERE owner = ?', '"Ana"', '--ion']);
    expect(ion.stdout).toBe('99\n');
    const bad = await ledgerCli(['query', db, 'SELECT * FROM Nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ledger: table "Nope" not found/);
  });

  it("prints a document's history in journal order", async () => {
    const run = await ledgerCli(['history', db, 'Account', documentId]);
    const revisions = run.stdout.trim().split('\n').map((line) => fromIon(line) as IonStructObject);
    expect(revisions.map((r) => (r.metadata as IonStructObject).version)).toEqual([0, 1]);
    expect(revisions.map((r) => (r.blockAddress as IonStructObject).sequenceNo)).toEqual([insertedIn, updatedIn]);
    expect(revisions[1].data).toEqual({ owner: 'Ana', balance: 99 });
    expect((await ledgerCli(['history', db, 'Account;DROP'])).code).toBe(2);
  });

  it('runs a shell session from stdin: multi-line statements, .tables, an error, .quit, and keeps no history from a pipe', async () => {
    const historyFile = tempFilePath('history');
    const input = ['.tables', 'SELECT VALUE owner', '  FROM Account', "  WHERE balance = 99;", 'SELECT * FROM Nope;', '.ion', "SELECT VALUE balance FROM Account WHERE owner = 'o3';", '.quit', 'SELECT 1;'].join('\n');
    const run = await ledgerCli(['shell', db], { input, env: { LEDGER_HISTORY_FILE: historyFile } });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(run.stderr).toMatch(/^Connected to ledger bank \(strand \w{22}\)/);
    expect(run.stdout).not.toContain('Connected to ledger');
    expect(run.stdout).toMatch(/Account \| \w{22} \| ACTIVE/);
    expect(run.stdout).toContain('value\n-----\nAna\n(1 row)');
    expect(run.stderr).toContain('error: table "Nope" not found');
    expect(lines).toContain('3');
    expect(existsSync(historyFile)).toBe(false);
  });
});

describe('ledger tail', () => {
  it('catches up from a block, then follows commits made by another process', async () => {
    const followed = tempFilePath('followed.ledger');
    copyFileSync(db, followed);
    const child = startLedgerCli(['tail', followed, '--from', '11', '--kinds', 'BLOCK_SUMMARY', '--limit', '4']);
    let stdout = '';
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    const caughtUp = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.split('\n').length > 2) resolve();
      });
    });
    await caughtUp;
    const ledger = await Ledger.openExisting({ storage: { type: 'sqlite', database: followed } });
    await ledger.query("INSERT INTO Account VALUE {'owner': 'Cy', 'balance': 1}");
    await ledger.query("INSERT INTO Account VALUE {'owner': 'Di', 'balance': 2}");
    await ledger.close();
    expect(await exited).toBe(0);
    const records = stdout.trim().split('\n').map((line) => fromIon(line) as IonStructObject);
    expect(records.map((r) => r.recordType)).toEqual(Array(4).fill('BLOCK_SUMMARY'));
    expect(records.map((r) => ((r.payload as IonStructObject).blockAddress as IonStructObject).sequenceNo)).toEqual([11, 12, 13, 14]);
  });

  it('refuses unknown record kinds', async () => {
    const run = await ledgerCli(['tail', db, '--kinds', 'NOPE']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--kinds takes BLOCK_SUMMARY, REVISION_DETAILS, EVENT/);
  });
});
