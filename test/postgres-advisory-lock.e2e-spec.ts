// The ledger's advisory lock taken by another role: PostgreSQL lets any role that can connect take
// any advisory lock, so it cannot be prevented inside one database (docs/postgresql-security.md).
// What the ledger does about it: a writer, and an instance opening the ledger, wait lockTimeoutMs
// and then fail with LedgerLockTimeoutError, which names the lock and gives the query that finds
// its holder; nothing is written, and writes go on once the holder lets go.
import { Client } from 'pg';
import { Ledger, LedgerLockTimeoutError, StorageError, type PostgresStorageOptions } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { ledgerLockKey, lockArguments } from '../libs/ledger/src/storage/postgres/postgres-ledger-lock';
import { asRole, createLoginRoles, serverUrl } from './support/postgres-roles';

afterAll(removeTempLedgers);

describe("PostgreSQL: the ledger's advisory lock held by another role", () => {
  it('fails writers and opens with LedgerLockTimeoutError naming the lock and how to find its holder; writes resume once it is released', async () => {
    const storage = { ...(storageAt(tempLedgerPath()) as PostgresStorageOptions), lockTimeoutMs: 300 };
    const ledger = await Ledger.open({ name: 'test', storage });
    await ledger.execute((tx) => tx.createTable('Item'));
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    const intruder = `intruder_${storage.schema}`;
    const dropRoles = await createLoginRoles([intruder]);
    const holder = new Client(serverUrl(intruder));
    await holder.connect();
    try {
      const [{ pid }] = (await holder.query('SELECT pg_backend_pid() AS pid')).rows;
      await holder.query(`SELECT pg_advisory_lock(${lockArguments(ledgerLockKey(storage.schema as string))})`);

      const write = ledger.execute((tx) => tx.insert('Item', { n: 1 }));
      await expect(write).rejects.toThrow(LedgerLockTimeoutError);
      const error = (await write.catch((e: unknown) => e)) as LedgerLockTimeoutError;
      expect(error).toBeInstanceOf(StorageError);
      expect(error.code).toBe('LEDGER_LOCK_TIMEOUT');
      expect(error.message).toContain(`schema ${storage.schema}`);
      expect(error.message).toContain('longer than 300 ms');
      expect(error.message).toContain(error.holderQuery);
      const holders = await asRole(undefined, async (client) => (await client.query(error.holderQuery)).rows);
      expect(holders).toEqual([expect.objectContaining({ pid, usename: intruder })]);

      await expect(Ledger.open({ name: 'test', storage })).rejects.toThrow(LedgerLockTimeoutError);
      expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(tip);

      await holder.query('SELECT pg_advisory_unlock_all()');
      await ledger.execute((tx) => tx.insert('Item', { n: 2 }));
      expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(tip + 1);
    } finally {
      await holder.end();
      await ledger.close();
      await dropRoles();
    }
  });
});
