// The documented PostgreSQL set-up (docs/postgresql-security.md) on a real server: the set-up SQL
// (test/docs/postgresql-roles-setup.sql, included in the docs verbatim) creates an owner, an
// application and an auditor role and a database only they may connect to; the owner opens the
// ledger (creating and migrating its schema) and runs ledgerRoleGrants. The application role then
// commits, reads and verifies, and every attempt of it to change history is refused by the
// server: disabling, dropping or replacing the append-only triggers, UPDATE, DELETE or TRUNCATE of
// journal rows, altering or dropping tables, creating objects in the schema, or turning triggers
// off for its session. The auditor reads and verifies and cannot write. Other roles cannot connect.
// A schema that is not current opens only after its owner migrated it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { InvalidArgumentError, Ledger, ledgerRoleGrants, StorageError, type PostgresStorageOptions } from 'nestjs-ledger';
import { JOURNAL_TABLES } from '../libs/ledger/src/storage/migrations/journal-schema.migration';
import { DERIVED_TABLES, OWNER_TABLES } from '../libs/ledger/src/storage/postgres/postgres-roles';
import { createLoginRoles, serverUrl } from './support/postgres-roles';

const DATABASE = 'ledgerdb';
const ROLES = { schema: 'ledger', application: 'ledger_app', auditors: ['ledger_auditor'] };
const SETUP = join(__dirname, 'docs', 'postgresql-roles-setup.sql');
const DOCS = join(__dirname, '..', 'docs', 'postgresql-security.md');

/** The URL of the ledger's database, as `role`. */
function databaseUrl(role: string): string {
  const url = new URL(serverUrl(role));
  url.pathname = `/${DATABASE}`;
  return url.href;
}

function storageAs(role: string, schema = ROLES.schema): PostgresStorageOptions {
  return { type: 'postgres', url: databaseUrl(role), schema };
}

/** Runs `work` on a new connection to the ledger's database as `role`. */
async function connectedAs<T>(role: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(databaseUrl(role));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The SQLSTATE with which the server refused `sql` as `role`, or 'accepted'. */
function refusal(role: string, sql: string): Promise<string> {
  return connectedAs(role, (client) => client.query(sql).then(
    () => 'accepted',
    (error: { code: string }) => error.code,
  ));
}

/** The statements of an SQL file: `;` ends one at the end of a line; `--` comments dropped. */
function statements(sql: string): string[] {
  const code = sql
    .split('\n')
    .filter((line) => !line.startsWith('--'))
    .join('\n');
  return code.split(/;\n/).map((s) => s.trim()).filter(Boolean);
}

async function asSuperuser(sql: readonly string[]): Promise<void> {
  const client = new Client(serverUrl());
  await client.connect();
  try {
    for (const statement of sql) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The owner opens the ledger in `schema` (creating or migrating it) and grants the roles their privileges. */
async function ownerSetsUp(schema: string): Promise<void> {
  await (await Ledger.open({ name: 'payments', storage: storageAs('ledger_owner', schema) })).close();
  await connectedAs('ledger_owner', async (client) => {
    for (const statement of ledgerRoleGrants({ ...ROLES, schema })) await client.query(statement);
  });
}

const cleanUp = () =>
  asSuperuser([
    `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`,
    ...['ledger_owner', 'ledger_app', 'ledger_auditor'].map((role) => `DROP ROLE IF EXISTS ${role}`),
  ]);

beforeAll(async () => {
  await cleanUp();
  await asSuperuser(statements(readFileSync(SETUP, 'utf8')));
  await ownerSetsUp(ROLES.schema);
});
afterAll(cleanUp);

describe('PostgreSQL owner, application and auditor roles', () => {
  it('are set up by SQL and grants that docs/postgresql-security.md shows verbatim', () => {
    const docs = readFileSync(DOCS, 'utf8');
    expect(docs).toContain('```sql\n' + readFileSync(SETUP, 'utf8') + '```\n');
    expect(docs).toContain('```sql\n' + ledgerRoleGrants(ROLES).map((s) => `${s};\n`).join('') + '```\n');
  });

  it('grant on every table of the schema by its kind (a migration that adds a table must say which), and refuse names that are no plain identifiers', async () => {
    const tables = await connectedAs('ledger_owner', async (client) => (await client.query("SELECT tablename FROM pg_tables WHERE schemaname = 'ledger' ORDER BY 1")).rows);
    expect(tables.map((t) => t.tablename)).toEqual([...JOURNAL_TABLES, ...DERIVED_TABLES, ...OWNER_TABLES].sort());
    expect(() => ledgerRoleGrants({ ...ROLES, application: 'app; DROP TABLE x' })).toThrow(InvalidArgumentError);
  });

  it('let the application role open the current schema, commit, read and verify', async () => {
    const ledger = await Ledger.open({ name: 'payments', storage: storageAs('ledger_app') });
    await ledger.execute((tx) => {
      tx.createTable('Payment');
      tx.createIndex('Payment', 'ref');
    });
    const id = await ledger.execute((tx) => tx.insert('Payment', { ref: 'p-1', amount: 10 }));
    await ledger.execute((tx) => tx.update('Payment', id, { ref: 'p-1', amount: 12 }));
    expect(await ledger.execute((tx) => tx.find('Payment', { ref: 'p-1' }))).toEqual([expect.objectContaining({ data: { ref: 'p-1', amount: 12 } })]);
    expect(await ledger.verify()).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });

  it.each([
    ['disable a trigger', 'ALTER TABLE ledger.journal_block DISABLE TRIGGER journal_block_no_update'],
    ['disable all triggers', 'ALTER TABLE ledger.journal_revision DISABLE TRIGGER ALL'],
    ['drop a trigger', 'DROP TRIGGER journal_revision_no_delete ON ledger.journal_revision'],
    ['replace the trigger function', 'CREATE OR REPLACE FUNCTION ledger.ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$'],
    ['turn triggers off for its session', 'SET session_replication_role = replica'],
    ['update a block', 'UPDATE ledger.journal_block SET block_time = block_time'],
    ['update a revision', 'UPDATE ledger.journal_revision SET hash = hash'],
    ['delete revisions', 'DELETE FROM ledger.journal_revision'],
    ['delete tree nodes', 'DELETE FROM ledger.journal_tree_node'],
    ['truncate the journal', 'TRUNCATE ledger.journal_block'],
    ["rename the ledger's strand", "UPDATE ledger.ledger_strand SET ledger_name = 'other'"],
    ['add a strand', "INSERT INTO ledger.ledger_strand (strand_id, ledger_name) VALUES ('x', 'other')"],
    ['forget a migration', 'DELETE FROM ledger.ledger_migrations'],
    ['drop a journal table', 'DROP TABLE ledger.journal_tree_node'],
    ['alter a derived table', 'ALTER TABLE ledger.ledger_document ADD COLUMN forged TEXT'],
    ['add a trigger to a derived table', 'CREATE TRIGGER forged BEFORE INSERT ON ledger.ledger_document EXECUTE FUNCTION ledger.ledger_refuse_change()'],
    ['create a table in the schema', 'CREATE TABLE ledger.shadow (n INTEGER)'],
  ])('refuse the application role to %s', async (_, sql) => {
    expect(await refusal('ledger_app', sql)).toBe('42501'); // insufficient_privilege
  });

  it('let the application role redact a past revision, and no other change of its data', async () => {
    const ledger = await Ledger.open({ name: 'payments', storage: storageAs('ledger_app') });
    const [{ tableId }] = await ledger.query<{ tableId: string }>("SELECT tableId FROM information_schema.user_tables WHERE name = 'Payment'");
    const id = await ledger.execute((tx) => tx.insert('Payment', { ref: 'p-r', amount: 1 }));
    await ledger.execute((tx) => tx.update('Payment', id, { ref: 'p-r', amount: 2 }));
    const [first] = await ledger.execute((tx) => tx.history('Payment', { documentId: id }));
    const redaction = await ledger.redactRevision(first.blockAddress!, tableId, id);
    expect(redaction.scrub.steps).toEqual([]); // not the table's owner: VACUUM is the owner's
    expect(redaction.scrub.remains.join('\n')).toMatch(/dead row versions of journal_revision/);
    expect(await ledger.verify()).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
    expect(await refusal('ledger_app', 'UPDATE ledger.journal_revision SET data = NULL')).toBe('23001'); // restrict_violation, by the trigger
  });

  it("let the application role redact an event's payload, and no other change of a block", async () => {
    const ledger = await Ledger.open({ name: 'payments', storage: storageAs('ledger_app') });
    const event = { type: 'Paid', aggregate: 'Payment', streamId: 'p-e', streamVersion: 0, payload: { card: '4111 1111 1111 1111' } };
    const { block } = await ledger.transact((tx) => tx.appendEvents([event]));
    const redaction = await ledger.redactEvent(block!.blockAddress, 0);
    expect(redaction.scrub.remains.join('\n')).toMatch(/dead row versions of journal_block/);
    expect(await ledger.verify()).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
    expect(await refusal('ledger_app', 'UPDATE ledger.journal_block SET block_time = block_time')).toBe('42501'); // only the header may be updated
    expect(await refusal('ledger_app', 'UPDATE ledger.journal_block SET header = header, block_hash = header')).toBe('42501');
  });

  it('let the auditor role open, read and verify, and refuse its writes even in a read-write transaction', async () => {
    const app = await Ledger.open({ name: 'payments', storage: storageAs('ledger_app') });
    await app.execute((tx) => tx.insert('Payment', { ref: 'p-2', amount: 5 }));
    const audit = await Ledger.open({ name: 'payments', storage: storageAs('ledger_auditor') });
    expect(await audit.getDigest()).toEqual(await app.getDigest());
    expect(await audit.verify()).toMatchObject({ valid: true, problems: [] });
    await expect(audit.execute((tx) => tx.insert('Payment', { ref: 'p-3', amount: 1 }))).rejects.toThrow(StorageError);
    const write = "BEGIN READ WRITE; INSERT INTO ledger.ledger_document (document_id, table_id, version, sequence_no) VALUES ('x', 'y', 0, 0)";
    expect(await refusal('ledger_auditor', write)).toBe('42501');
    await Promise.all([audit.close(), app.close()]);
  });

  it("keep roles without CONNECT out of the ledger's database, so away from its advisory lock and channel", async () => {
    const dropRoles = await createLoginRoles(['ledger_outsider']);
    try {
      await expect(connectedAs('ledger_outsider', (client) => client.query('SELECT 1'))).rejects.toMatchObject({ code: '42501' });
    } finally {
      await dropRoles();
    }
  });

  it('open a schema that is not current only once its owner migrated it, saying so', async () => {
    await ownerSetsUp('ledger_old');
    await connectedAs('postgres', async (superuser) => {
      await superuser.query('DROP TABLE ledger_old.ledger_projection');
      await superuser.query("DELETE FROM ledger_old.ledger_migrations WHERE name = 'ProjectionCheckpoint1763700000003'");
    });

    const opening = Ledger.open({ name: 'payments', storage: storageAs('ledger_app', 'ledger_old') });
    await expect(opening).rejects.toThrow(StorageError);
    await expect(opening).rejects.toThrow(/its schema is absent or not current, and this role may not create or migrate it \(permission denied for schema ledger_old\); open the ledger once as the role that owns the schema/);
    await expect(Ledger.open({ name: 'payments', storage: storageAs('ledger_app', 'ledger_new') })).rejects.toThrow(/may not create or migrate it \(permission denied for database ledgerdb\)/);

    await ownerSetsUp('ledger_old');
    const ledger = await Ledger.open({ name: 'payments', storage: storageAs('ledger_app', 'ledger_old') });
    expect(await ledger.verify()).toMatchObject({ valid: true });
    await ledger.close();
  });
});
