// Crypto-shredding: values encrypted under per-subject data keys (AES-256-GCM), the keys kept
// wrapped in the ledger's database (ledger_data_key) under a master key or a KMS, so that deleting
// a subject's key makes everything encrypted under it unreadable while every hash and proof still
// verifies (the journal hashes the ciphertext: docs/governance.md says why). A key's creation and
// its shredding are each recorded by a block (transactionInfo.dataKey), committed with the key
// row's insert or delete in one database transaction; verify() compares the rows with the records.
// With access control, making a key takes `createDataKey` and shredding one `shredDataKey`.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { isPlainObject, type IonStructObject, type IonValue } from '../ion';
import { newJournalId, type BlockAddress } from '../journal';
import { deleteDataKeyStatement, insertDataKeyStatement, selectDataKey, type ScrubReport, type SqlQuery } from '../storage';
import { attachWrite, type AttachedWrite } from './attached-writes';
import { DataKeyUnavailableError, DataKeyUnreadableError, InvalidArgumentError } from './errors';
import { context, DATA_KEY_FIELD, isEncryptedValue, openValue, sealValue, type EncryptedValue } from './field-encryption';
import type { Ledger } from './ledger';

/** What a data key is bound to: a wrapped key unwraps only with the same context. */
export interface DataKeyContext {
  subject: string;
  keyId: string;
}

/** Encrypts and decrypts data keys: the built-in master key, or a KMS (its Encrypt and Decrypt with the context as encryption context). */
export interface KeyWrapper {
  wrap(dataKey: Uint8Array, context: DataKeyContext): Promise<Uint8Array>;
  /** The data key; throws when `wrapped` was not made by wrap with this context. */
  unwrap(wrapped: Uint8Array, context: DataKeyContext): Promise<Uint8Array>;
}

export interface SubjectKeysOptions {
  /** A 32-byte master key, or a function returning it (from a secret store), that wraps the data keys with AES-256-GCM. */
  masterKey?: Uint8Array | (() => Uint8Array | Promise<Uint8Array>);
  /** A KMS instead of the master key. */
  wrapper?: KeyWrapper;
}

/** A shredding done: the key gone, the block that records it, and what the database still keeps. */
export interface DataKeyShredding extends DataKeyContext {
  blockAddress: BlockAddress;
  scrub: ScrubReport;
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM key wrapping under a master key, the subject and key id authenticated with the key. */
export class MasterKeyWrapper implements KeyWrapper {
  constructor(private readonly masterKey: Uint8Array | (() => Uint8Array | Promise<Uint8Array>)) {}

  async wrap(dataKey: Uint8Array, { subject, keyId }: DataKeyContext): Promise<Uint8Array> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', await this.key(), iv).setAAD(context(subject, keyId));
    return new Uint8Array(Buffer.concat([iv, cipher.update(dataKey), cipher.final(), cipher.getAuthTag()]));
  }

  async unwrap(wrapped: Uint8Array, { subject, keyId }: DataKeyContext): Promise<Uint8Array> {
    const key = await this.key();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, wrapped.subarray(0, IV_BYTES)).setAAD(context(subject, keyId));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
      return new Uint8Array(Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)), decipher.final()]));
    } catch {
      throw new DataKeyUnreadableError(subject, 'its stored form does not unwrap under this master key (a wrong master key, or a key row altered or moved)');
    }
  }

  private async key(): Promise<Uint8Array> {
    const key = typeof this.masterKey === 'function' ? await this.masterKey() : this.masterKey;
    if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES) {
      throw new InvalidArgumentError(`a master key must be ${KEY_BYTES} bytes, not ${key instanceof Uint8Array ? `${key.length} bytes` : typeof key}`, key instanceof Uint8Array ? `${key.length} bytes` : typeof key);
    }
    return key;
  }
}

/** A key made by another writer for the same subject while this one made its own: that one is used. */
class KeyMadeMeanwhile extends Error {}

export class SubjectKeys {
  private readonly wrapper: KeyWrapper;

  constructor(
    private readonly ledger: Ledger,
    options: SubjectKeysOptions,
  ) {
    if ((options.masterKey === undefined) === (options.wrapper === undefined)) {
      throw new InvalidArgumentError('SubjectKeys takes a masterKey or a wrapper (a KMS), exactly one', Object.keys(options ?? {}).join(', '));
    }
    this.wrapper = options.wrapper ?? new MasterKeyWrapper(options.masterKey as Uint8Array);
  }

  /** `value` encrypted under the subject's data key (made, and its creation journaled, when the subject has none). */
  async encrypt(subject: string, value: IonValue): Promise<EncryptedValue> {
    const { keyId, key } = await this.keyOf(subject);
    return sealValue(value, key, subject, keyId);
  }

  /** The value `sealed` holds; DataKeyUnavailableError once its subject's key was shredded. */
  async decrypt(sealed: EncryptedValue): Promise<IonValue> {
    if (!isEncryptedValue(sealed)) throw new InvalidArgumentError('decrypt takes an encrypted value { algorithm, subject, keyId, iv, ciphertext }', sealed);
    const current = await this.currentKey(sealed.subject);
    if (!current || current.keyId !== sealed.keyId) throw new DataKeyUnavailableError(sealed.subject);
    const value = openValue(sealed, current.key);
    if (value === undefined) throw new DataKeyUnreadableError(sealed.subject, 'the value does not decrypt under it (the value was altered)');
    return value;
  }

  /** A copy of `document` whose `fields` (those present) are encrypted under the subject's key. */
  async encryptFields(subject: string, document: IonStructObject, fields: readonly string[]): Promise<IonStructObject> {
    if (!isPlainObject(document)) throw new InvalidArgumentError('encryptFields takes a document (a plain object)', document);
    const { keyId, key } = await this.keyOf(subject);
    const copy: IonStructObject = { ...document };
    for (const field of fields) if (field in copy) copy[field] = sealValue(copy[field] as IonValue, key, subject, keyId);
    return copy;
  }

  /** A copy of `document` whose encrypted top-level fields are decrypted; DataKeyUnavailableError for a shredded subject's. */
  async decryptFields(document: IonStructObject): Promise<IonStructObject> {
    if (!isPlainObject(document)) throw new InvalidArgumentError('decryptFields takes a document (a plain object)', document);
    const copy: IonStructObject = { ...document };
    for (const [field, value] of Object.entries(copy)) if (isEncryptedValue(value)) copy[field] = await this.decrypt(value);
    return copy;
  }

  /**
   * Deletes the subject's data key, and journals it, in one database transaction; then clears what
   * the database kept of the key row (SQLite's log). Everything encrypted under it stays in the
   * journal, proven and verified, and can no longer be read.
   */
  async shred(subject: string): Promise<DataKeyShredding> {
    checkSubject(subject);
    return this.ledger.access.covering('shredDataKey', async () => {
      const { value: keyId, block } = await this.ledger.transact(async (tx) => {
        tx.authorize('shredDataKey'); // checked again against the grants the commit validates
        const row = await this.ledger.readDatabase((query) => selectDataKey(query, subject));
        if (!row) throw new DataKeyUnavailableError(subject);
        attachWrite(tx, shredding(subject, row.keyId));
        return row.keyId;
      });
      return { subject, keyId, blockAddress: block!.blockAddress, scrub: await this.ledger.scrub() };
    });
  }

  /** The subject's data key, made when it has none. */
  private async keyOf(subject: string): Promise<{ keyId: string; key: Uint8Array }> {
    checkSubject(subject);
    return (await this.currentKey(subject)) ?? (await this.createKey(subject));
  }

  private async currentKey(subject: string): Promise<{ keyId: string; key: Uint8Array } | undefined> {
    const row = await this.ledger.readDatabase((query) => selectDataKey(query, subject));
    if (!row) return undefined;
    const key = await this.wrapper.unwrap(row.wrapped, { subject, keyId: row.keyId });
    if (key.length !== KEY_BYTES) throw new DataKeyUnreadableError(subject, `it unwraps to ${key.length} bytes, not ${KEY_BYTES}`);
    return { keyId: row.keyId, key };
  }

  private async createKey(subject: string): Promise<{ keyId: string; key: Uint8Array }> {
    await this.ledger.access.authorizeLedger('createDataKey'); // before a key is made or wrapped
    const keyId = newJournalId();
    const key = new Uint8Array(randomBytes(KEY_BYTES));
    const wrapped = await this.wrapper.wrap(key, { subject, keyId });
    const write: AttachedWrite = {
      transactionInfo: { [DATA_KEY_FIELD]: { action: 'CREATE', subject, keyId } },
      check: async (query: SqlQuery) => {
        if (await selectDataKey(query, subject)) throw new KeyMadeMeanwhile();
      },
      statements: (sequenceNo) => [insertDataKeyStatement({ subject, keyId, wrapped, sequenceNo })],
    };
    try {
      await this.ledger.execute((tx) => {
        tx.authorize('createDataKey'); // checked again against the grants the commit validates
        attachWrite(tx, write);
      });
      return { keyId, key };
    } catch (error) {
      if (!(error instanceof KeyMadeMeanwhile)) throw error;
      const made = await this.currentKey(subject);
      if (!made) throw new DataKeyUnavailableError(subject);
      return made;
    }
  }
}

/** The key row's delete, recorded as the subject's shredding, if the key is still the one read. */
function shredding(subject: string, keyId: string): AttachedWrite {
  return {
    transactionInfo: { [DATA_KEY_FIELD]: { action: 'SHRED', subject, keyId } },
    check: async (query) => {
      if ((await selectDataKey(query, subject))?.keyId !== keyId) throw new DataKeyUnavailableError(subject);
    },
    statements: () => [deleteDataKeyStatement(subject, keyId)],
  };
}

function checkSubject(subject: unknown): asserts subject is string {
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 256) {
    throw new InvalidArgumentError(`a subject is a non-empty string of at most 256 characters (an opaque id, never personal data: the journal records it), not ${typeof subject === 'string' ? JSON.stringify(subject.slice(0, 40)) : typeof subject}`, subject);
  }
}
