// The erasures the crash specs kill mid-way (test/erasure-crash.e2e-spec.ts on SQLite,
// test/postgres-erasure-crash.e2e-spec.ts on PostgreSQL): a revision's redaction, an event's
// redaction and a subject's shredding. Each prepares a ledger holding a secret, names the arguments
// of test/support/erasure.child.ts that erase it, the row the erasure changes, and how to tell the
// secret still there from the secret gone.
import { randomBytes } from 'node:crypto';
import { DataKeyUnavailableError, Ledger, SubjectKeys, type Block } from 'nestjs-ledger';

const masterKey = randomBytes(32);

/** A prepared ledger: what the child is told to erase, and the checks of what a reopened ledger holds. */
export interface PreparedErasure {
  args: string[];
  /** Bytes that must be nowhere in an SQLite file and its log once the erasure is done and scrubbed. */
  removed: Uint8Array;
  /** Expects the secret readable, as before the erasure. */
  expectIntact(ledger: Ledger): Promise<void>;
  /** Expects the secret gone. */
  expectErased(ledger: Ledger): Promise<void>;
  /** Runs the erasure in this process (after a kill left nothing of the first one), where it can run again. */
  runAgain?(ledger: Ledger): Promise<unknown>;
}

export interface ErasureCase {
  title: string;
  /** The table whose row the erasure changes, and how: where a trap can stop it inside its transaction. */
  changes: { table: string; operation: 'UPDATE' | 'DELETE' };
  /** Fills an open ledger with `secret`; returns what to erase and how to check it. */
  prepare(ledger: Ledger, secret: string): Promise<PreparedErasure>;
}

/** The revision of a Person that holds the secret in its version 0 only. */
const revisionRedaction: ErasureCase = {
  title: 'a redaction',
  changes: { table: 'journal_revision', operation: 'UPDATE' },
  async prepare(ledger, secret) {
    const tableId = await ledger.execute((tx) => tx.createTable('Person'));
    const { value: id, block } = await ledger.transact((tx) => tx.insert('Person', { name: 'Ana', ssn: secret }));
    await ledger.execute((tx) => tx.update('Person', id, { name: 'Ana', ssn: 'withheld' }));
    const address = (block as Block).blockAddress;
    const firstRevision = async (reopened: Ledger) => (await reopened.execute((tx) => tx.history('Person', { documentId: id })))[0];
    return {
      args: ['redact', JSON.stringify(address), tableId, id],
      removed: Buffer.from(secret),
      expectIntact: async (reopened) => expect((await firstRevision(reopened)).data).toEqual({ name: 'Ana', ssn: secret }),
      expectErased: async (reopened) => expect((await firstRevision(reopened)).data).toBeUndefined(),
      runAgain: (reopened) => reopened.redactRevision(address, tableId, id),
    };
  },
};

/** An event whose payload holds the secret. */
const eventRedaction: ErasureCase = {
  title: 'an event redaction',
  changes: { table: 'journal_block', operation: 'UPDATE' },
  async prepare(ledger, secret) {
    const event = { type: 'Opened', aggregate: 'Person', streamId: 'p1', streamVersion: 0, payload: { ssn: secret } };
    const address = (await ledger.transact((tx) => tx.appendEvents([event]))).block!.blockAddress;
    const payload = async (reopened: Ledger) => (await reopened.readBlocks(address.sequenceNo, address.sequenceNo))[0].events![0].payload;
    return {
      args: ['redact-event', JSON.stringify(address), '0'],
      removed: Buffer.from(secret),
      expectIntact: async (reopened) => expect(await payload(reopened)).toEqual({ ssn: secret }),
      expectErased: async (reopened) => expect(await payload(reopened)).not.toEqual({ ssn: secret }),
      runAgain: (reopened) => reopened.redactEvent(address, 0),
    };
  },
};

/** A Person whose ssn is encrypted under subject-1's data key; what goes is the key's wrapped bytes. */
const shredding: ErasureCase = {
  title: 'a shredding',
  changes: { table: 'ledger_data_key', operation: 'DELETE' },
  async prepare(ledger, secret) {
    await ledger.execute((tx) => tx.createTable('Person'));
    const document = await new SubjectKeys(ledger, { masterKey }).encryptFields('subject-1', { ssn: secret }, ['ssn']);
    const id = await ledger.execute((tx) => tx.insert('Person', document));
    const [{ wrapped }] = await ledger.readDatabase((query) => query<{ wrapped: Uint8Array }>('SELECT wrapped FROM ledger_data_key'));
    const decrypted = async (reopened: Ledger) => new SubjectKeys(reopened, { masterKey }).decryptFields((await reopened.execute((tx) => tx.get('Person', id)))!.data);
    return {
      args: ['shred', masterKey.toString('hex'), 'subject-1'],
      removed: wrapped,
      expectIntact: async (reopened) => expect(await decrypted(reopened)).toEqual({ ssn: secret }),
      expectErased: async (reopened) => expect(decrypted(reopened)).rejects.toThrow(DataKeyUnavailableError),
    };
  },
};

export const erasureCases: readonly ErasureCase[] = [revisionRedaction, eventRedaction, shredding];
