// Crypto-shredding: values encrypted under per-subject data keys kept wrapped beside the journal;
// shredding a subject's key makes its values unreadable while verify() and every proof stay valid;
// the key rows are checked against the journal's records (tamper tests), and bad input is refused
// with typed errors that never show a key.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { foldProof } from '../crypto';
import { Decimal, Timestamp, type IonStructObject } from '../ion';
import { eventHash, eventProof, type Block } from '../journal';
import { DataKeyUnavailableError, DataKeyUnreadableError, InvalidArgumentError } from './errors';
import { isEncryptedValue } from './field-encryption';
import type { Ledger } from './ledger';
import { SubjectKeys, type KeyWrapper } from './subject-keys';
import { first, tamper, verifyFile } from './tamper.fixture';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from './test-ledger.fixture';
import { onSqlite } from './test-storage.fixture';

afterAll(removeTempLedgers);

const masterKey = new Uint8Array(randomBytes(32));

async function setup(): Promise<{ location: string; ledger: Ledger; keys: SubjectKeys }> {
  const location = tempLedgerPath('shred');
  const ledger = await openTestLedger(location);
  await ledger.execute((tx) => tx.createTable('Person'));
  return { location, ledger, keys: new SubjectKeys(ledger, { masterKey }) };
}

/** Inserts a person whose ssn and profile are encrypted under `subject`; returns its id and block. */
async function insertPerson(ledger: Ledger, keys: SubjectKeys, subject: string, ssn: string): Promise<{ id: string; block: Block }> {
  const document = await keys.encryptFields(subject, { name: subject, ssn, profile: { born: Timestamp.parse('1990-05-17')!, score: new Decimal('1.50') } }, ['ssn', 'profile']);
  const { value: id, block } = await ledger.transact((tx) => tx.insert('Person', document));
  return { id, block: block as Block };
}

async function storedPerson(ledger: Ledger, id: string): Promise<IonStructObject> {
  return (await ledger.execute((tx) => tx.get('Person', id)))!.data;
}

describe('SubjectKeys', () => {
  it('encrypts fields under a subject key made once and journaled, and decrypts them as the Ion values they were', async () => {
    const { ledger, keys } = await setup();
    const { id } = await insertPerson(ledger, keys, 'subject-1', '078-05-1120');
    await insertPerson(ledger, keys, 'subject-1', '219-09-9999');
    const stored = await storedPerson(ledger, id);
    expect(isEncryptedValue(stored.ssn)).toBe(true);
    expect(stored.name).toBe('subject-1');
    const opened = await keys.decryptFields(stored);
    expect(opened).toEqual({ name: 'subject-1', ssn: '078-05-1120', profile: { born: Timestamp.parse('1990-05-17')!, score: new Decimal('1.50') } });
    expect((opened.profile as IonStructObject).score).toBeInstanceOf(Decimal);
    const blocks = await ledger.readBlocks(0, (await ledger.getDigest()).digestTipAddress.sequenceNo);
    expect(blocks.filter((b) => b.transactionInfo.dataKey).map((b) => (b.transactionInfo.dataKey as IonStructObject).action)).toEqual(['CREATE']);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });

  it('shreds a subject: its values no longer decrypt, proofs and verify() stay valid, and the shredding is journaled', async () => {
    const { ledger, keys } = await setup();
    const { id, block } = await insertPerson(ledger, keys, 'subject-1', '078-05-1120');
    const other = await insertPerson(ledger, keys, 'subject-2', '219-09-9999');
    const shredding = await keys.shred('subject-1');
    expect(shredding).toMatchObject({ subject: 'subject-1', blockAddress: { sequenceNo: (await ledger.getDigest()).digestTipAddress.sequenceNo } });
    const [record] = await ledger.readBlocks(shredding.blockAddress.sequenceNo, shredding.blockAddress.sequenceNo);
    expect(record.transactionInfo.dataKey).toEqual({ action: 'SHRED', subject: 'subject-1', keyId: shredding.keyId });

    await expect(keys.decryptFields(await storedPerson(ledger, id))).rejects.toThrow(DataKeyUnavailableError);
    await expect(keys.decryptFields(await storedPerson(ledger, other.id))).resolves.toMatchObject({ ssn: '219-09-9999' });
    const { digest } = await ledger.getDigest();
    const proven = await ledger.getRevision(block.blockAddress, id);
    expect(foldProof(proven.revision.hash, proven.proof)).toEqual(digest);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await expect(keys.shred('subject-1')).rejects.toThrow(DataKeyUnavailableError);

    const again = await insertPerson(ledger, keys, 'subject-1', '555-55-5555'); // a new key: the old values stay unreadable
    await expect(keys.decryptFields(await storedPerson(ledger, again.id))).resolves.toMatchObject({ ssn: '555-55-5555' });
    await expect(keys.decryptFields(await storedPerson(ledger, id))).rejects.toThrow(DataKeyUnavailableError);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  onSqlite('leaves neither the wrapped key nor any plaintext in the SQLite file or its write-ahead log', async () => {
    const { location, ledger, keys } = await setup();
    await insertPerson(ledger, keys, 'subject-1', 'ssn-plaintext-4d9a1c');
    const [{ wrapped }] = await ledger.readDatabase((query) => query<{ wrapped: Uint8Array }>('SELECT wrapped FROM ledger_data_key'));
    const holds = (bytes: Uint8Array) => [location, `${location}-wal`].some((path) => existsSync(path) && readFileSync(path).includes(Buffer.from(bytes)));
    expect(holds(wrapped)).toBe(true);
    expect(holds(Buffer.from('ssn-plaintext-4d9a1c'))).toBe(false);
    expect((await keys.shred('subject-1')).scrub.remains).toEqual([]);
    expect(holds(wrapped)).toBe(false);
    await ledger.close();
  });

  it("shreds an event payload's encrypted fields: the event stays in its block, proven, and unreadable", async () => {
    const { ledger, keys } = await setup();
    const event = { type: 'AddressChanged', ...(await keys.encryptFields('subject-1', { street: '1 Main St', city: 'Springfield' }, ['street', 'city'])) };
    const { block } = await ledger.transact((tx) => tx.appendEvents([event]));
    await keys.shred('subject-1');
    const proven = await ledger.getBlock((block as Block).blockAddress);
    const [stored] = proven.block.events!;
    expect(stored.type).toBe('AddressChanged');
    await expect(keys.decryptFields(stored as IonStructObject)).rejects.toThrow(DataKeyUnavailableError);
    const { digest } = await ledger.getDigest();
    expect(foldProof(eventHash(stored), eventProof(proven.block, 0, proven.proof))).toEqual(digest);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  it('concurrent first encryptions of one subject share one key', async () => {
    const { ledger, keys } = await setup();
    const sealed = await Promise.all([1, 2, 3].map((n) => keys.encrypt('subject-1', n)));
    expect(new Set(sealed.map((s) => s.keyId)).size).toBe(1);
    expect(await Promise.all(sealed.map((s) => keys.decrypt(s)))).toEqual([1, 2, 3]);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  it('takes a KMS as its key wrapper', async () => {
    const { ledger } = await setup();
    const wrapped: Array<{ context: string }> = [];
    const kms: KeyWrapper = {
      wrap: async (dataKey, context) => (wrapped.push({ context: `${context.subject}/${context.keyId}` }), Uint8Array.from(dataKey, (b) => b ^ 0x5a)),
      unwrap: async (bytes) => Uint8Array.from(bytes, (b) => b ^ 0x5a),
    };
    const keys = new SubjectKeys(ledger, { wrapper: kms });
    expect(await keys.decrypt(await keys.encrypt('subject-1', 'x'))).toBe('x');
    expect(wrapped).toHaveLength(1);
    await ledger.close();
  });
});

describe('the key table, tampered with: DATA_KEY_MISMATCH or DataKeyUnreadableError', () => {
  async function twoSubjects(): Promise<{ location: string; ids: string[] }> {
    const { location, ledger, keys } = await setup();
    const ids = [(await insertPerson(ledger, keys, 'subject-1', 'a')).id, (await insertPerson(ledger, keys, 'subject-2', 'b')).id];
    await ledger.close();
    return { location, ids };
  }

  it('a key row deleted without a recorded shredding', async () => {
    const { location } = await twoSubjects();
    await tamper(location, (sql) => sql.query("DELETE FROM ledger_data_key WHERE subject = 'subject-1'"));
    expect((await verifyFile(location, true)).problems).toEqual([expect.objectContaining({ code: 'DATA_KEY_MISMATCH', message: expect.stringMatching(/subject-1.*no block records its shredding/) })]);
  });

  it("a subject's wrapped key replaced by another's: it does not unwrap, and verify() sees the key id", async () => {
    const { location, ids } = await twoSubjects();
    await tamper(location, async (sql) => {
      const row = await first<{ wrapped: Buffer; key_id: string }>(sql, "SELECT wrapped, key_id FROM ledger_data_key WHERE subject = 'subject-2'");
      await sql.query("UPDATE ledger_data_key SET wrapped = ? WHERE subject = 'subject-1'", [row.wrapped]);
      await sql.query("UPDATE ledger_data_key SET key_id = ? WHERE subject = 'subject-2'", ['A'.repeat(22)]);
    });
    const ledger = await openTestLedger(location);
    const keys = new SubjectKeys(ledger, { masterKey });
    await expect(keys.decryptFields(await storedPerson(ledger, ids[0]))).rejects.toThrow(DataKeyUnreadableError);
    expect((await ledger.verify({ all: true })).problems).toEqual([expect.objectContaining({ code: 'DATA_KEY_MISMATCH', message: expect.stringMatching(/subject-2.*not the one block/) })]);
    await ledger.close();
  });

  it('a key planted for a subject the journal never recorded, and a shredded key put back', async () => {
    const { location, ledger, keys } = await setup();
    await insertPerson(ledger, keys, 'subject-1', 'a');
    const [row] = await ledger.readDatabase((query) => query<{ wrapped: Uint8Array; keyId: string; sequenceNo: number }>('SELECT wrapped, key_id AS "keyId", sequence_no AS "sequenceNo" FROM ledger_data_key'));
    await keys.shred('subject-1');
    await ledger.close();
    await tamper(location, async (sql) => {
      await sql.query('INSERT INTO ledger_data_key (subject, key_id, wrapped, sequence_no) VALUES (?, ?, ?, ?)', ['subject-1', row.keyId, Buffer.from(row.wrapped), Number(row.sequenceNo)]);
      await sql.query('INSERT INTO ledger_data_key (subject, key_id, wrapped, sequence_no) VALUES (?, ?, ?, ?)', ['planted', row.keyId, Buffer.from(row.wrapped), 1]);
    });
    const messages = (await verifyFile(location, true)).problems.map((p) => `${p.code} ${p.message}`);
    expect(messages).toEqual([expect.stringMatching(/DATA_KEY_MISMATCH .*subject-1.*stored though block \d+ shredded it/), expect.stringMatching(/DATA_KEY_MISMATCH .*"planted".*no block records its creation/)]);
  });

  it('a wrong master key: DataKeyUnreadableError, which never shows a key', async () => {
    const { ledger, keys } = await setup();
    const sealed = await keys.encrypt('subject-1', 'x');
    const wrong = new Uint8Array(randomBytes(32));
    const error = await new SubjectKeys(ledger, { masterKey: wrong }).decrypt(sealed).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataKeyUnreadableError);
    expect((error as Error).message).not.toContain(Buffer.from(wrong).toString('hex').slice(0, 8));
    const altered = { ...sealed, ciphertext: Uint8Array.from(sealed.ciphertext, (b, i) => (i === 0 ? b ^ 1 : b)) };
    await expect(keys.decrypt(altered)).rejects.toThrow(/the value was altered/);
    await ledger.close();
  });
});

describe('bad input: InvalidArgumentError, nothing written, no key shown', () => {
  it('options, subjects, values and annotations', async () => {
    const { ledger, keys } = await setup();
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    expect(() => new SubjectKeys(ledger, {})).toThrow(InvalidArgumentError);
    expect(() => new SubjectKeys(ledger, { masterKey, wrapper: {} as KeyWrapper })).toThrow(/exactly one/);
    const short = new SubjectKeys(ledger, { masterKey: new Uint8Array(16).fill(7) });
    const error = await short.encrypt('subject-1', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toBe('a master key must be 32 bytes, not 16 bytes');
    await expect(keys.encrypt('', 1)).rejects.toThrow(/a subject is a non-empty string/);
    await expect(keys.encrypt(42 as never, 1)).rejects.toThrow(/not number/);
    await expect(keys.decrypt({ ssn: 'x' } as never)).rejects.toThrow(InvalidArgumentError);
    await expect(ledger.execute((tx) => tx.annotate({ dataKey: { action: 'SHRED', subject: 's', keyId: 'k' } }))).rejects.toThrow(/transactionInfo.dataKey is written by the ledger/);
    expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(tip);
    await ledger.close();
  });
});
