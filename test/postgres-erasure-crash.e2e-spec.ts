// A redaction and a shredding on PostgreSQL, their writer killed with SIGKILL at known points: inside
// the database transaction, after the revision row was emptied or the key row deleted (a trigger of
// the test's own holds the server's session there, in pg_sleep), the session then ended as the
// server ends a dead client's (afterwards nothing of it is visible: the data or the key is there, no
// block records a request, verify() is valid); and after COMMIT, before the VACUUM (the change is
// whole and verified).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DataKeyUnavailableError, Ledger, SubjectKeys, type Block } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { asRole, asSuperuser } from './support/postgres-roles';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

const masterKey = randomBytes(32);

/** Runs the erasure child; `stop` resolves once it is where the test wants it, then the child is killed with SIGKILL. */
function runThenKill(schema: string, point: string, args: string[], stop: (stdout: AsyncIterable<string>) => Promise<void>): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', './test/support/register-ts.js', 'test/support/erasure.child.ts', JSON.stringify(storageAt(schema)), point, ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve(signal));
    stop(createInterface({ input: child.stdout! })).then(() => child.kill('SIGKILL'), reject);
  });
}

/** Until the child prints `stopped`. */
async function printedStopped(lines: AsyncIterable<string>): Promise<void> {
  for await (const line of lines) if (line === 'stopped') return;
}

/** Holds any session that changes `table` (`UPDATE` or `DELETE`) of `schema` in pg_sleep, inside its transaction. */
async function trap(schema: string, table: string, operation: 'UPDATE' | 'DELETE'): Promise<void> {
  await asSuperuser([
    `CREATE FUNCTION ${schema}.hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(120); RETURN NULL; END $$`,
    `CREATE TRIGGER hold AFTER ${operation} ON ${schema}.${table} FOR EACH STATEMENT EXECUTE FUNCTION ${schema}.hold()`,
  ]);
}

/** The session the trap holds: waited for (polling pg_stat_activity), then ended as the server ends a dead client's, the trap removed. */
class HeldSession {
  private pid: number | undefined;

  constructor(
    private readonly schema: string,
    private readonly table: string,
  ) {}

  /** Resolves once a session changing the table sleeps in the trap. */
  readonly reached = async (): Promise<void> => {
    const held = "SELECT pid FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND query LIKE '%' || $1 || '%'";
    while (this.pid === undefined) {
      this.pid = await asRole(undefined, async (client) => (await client.query<{ pid: number }>(held, [this.table])).rows[0]?.pid);
      if (this.pid === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  async end(): Promise<void> {
    await asSuperuser([`SELECT pg_terminate_backend(${this.pid})`, `DROP TRIGGER hold ON ${this.schema}.${this.table}`, `DROP FUNCTION ${this.schema}.hold()`]);
  }
}

async function tipOf(ledger: Ledger): Promise<number> {
  return (await ledger.getDigest()).digestTipAddress.sequenceNo;
}

function reopened(schema: string): Promise<Ledger> {
  return Ledger.open({ name: 'test', storage: storageAt(schema) });
}

describe('a redaction on PostgreSQL killed mid-way', () => {
  async function prepared(): Promise<{ schema: string; args: string[]; tip: number }> {
    const schema = tempLedgerPath('redaction_crash');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(schema) });
    const tableId = await ledger.execute((tx) => tx.createTable('Person'));
    const { value: id, block } = await ledger.transact((tx) => tx.insert('Person', { name: 'Ana', ssn: 'secret' }));
    await ledger.execute((tx) => tx.update('Person', id, { name: 'Ana', ssn: 'withheld' }));
    const tip = await tipOf(ledger);
    await ledger.close();
    return { schema, args: ['redact', JSON.stringify((block as Block).blockAddress), tableId, id], tip };
  }

  it('inside its transaction: nothing of it is visible, and it can run again', async () => {
    const { schema, args, tip } = await prepared();
    await trap(schema, 'journal_revision', 'UPDATE');
    const held = new HeldSession(schema, 'journal_revision');
    expect(await runThenKill(schema, 'server', args, held.reached)).toBe('SIGKILL');
    await held.end();
    const ledger = await reopened(schema);
    expect(await tipOf(ledger)).toBe(tip);
    const [v0] = await ledger.execute((tx) => tx.history('Person', { documentId: args[3] }));
    expect(v0.data).toEqual({ name: 'Ana', ssn: 'secret' });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await expect(ledger.redactRevision(JSON.parse(args[1]), args[2], args[3])).resolves.toMatchObject({ version: 0 });
    await ledger.close();
  });

  it('after COMMIT, before the VACUUM: the redaction is whole', async () => {
    const { schema, args, tip } = await prepared();
    expect(await runThenKill(schema, 'before-scrub', args, printedStopped)).toBe('SIGKILL');
    const ledger = await reopened(schema);
    expect(await tipOf(ledger)).toBe(tip + 1);
    const [v0] = await ledger.execute((tx) => tx.history('Person', { documentId: args[3] }));
    expect(v0.data).toBeUndefined();
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });
});

describe('an event redaction on PostgreSQL killed mid-way', () => {
  async function prepared(): Promise<{ schema: string; args: string[]; tip: number }> {
    const schema = tempLedgerPath('event_redaction_crash');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(schema) });
    const event = { type: 'Opened', aggregate: 'Person', streamId: 'p1', streamVersion: 0, payload: { ssn: 'secret' } };
    const { block } = await ledger.transact((tx) => tx.appendEvents([event]));
    const tip = await tipOf(ledger);
    await ledger.close();
    return { schema, args: ['redact-event', JSON.stringify((block as Block).blockAddress), '0'], tip };
  }

  async function storedPayload(ledger: Ledger, args: string[]): Promise<unknown> {
    const { sequenceNo } = JSON.parse(args[1]) as { sequenceNo: number };
    const [block] = await ledger.readBlocks(sequenceNo, sequenceNo);
    return block.events![0].payload;
  }

  it('inside its transaction: nothing of it is visible, and it can run again', async () => {
    const { schema, args, tip } = await prepared();
    await trap(schema, 'journal_block', 'UPDATE');
    const held = new HeldSession(schema, 'journal_block');
    expect(await runThenKill(schema, 'server', args, held.reached)).toBe('SIGKILL');
    await held.end();
    const ledger = await reopened(schema);
    expect(await tipOf(ledger)).toBe(tip);
    expect(await storedPayload(ledger, args)).toEqual({ ssn: 'secret' });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await expect(ledger.redactEvent(JSON.parse(args[1]), 0)).resolves.toMatchObject({ eventIndex: 0 });
    await ledger.close();
  });

  it('after COMMIT, before the VACUUM: the redaction is whole', async () => {
    const { schema, args, tip } = await prepared();
    expect(await runThenKill(schema, 'before-scrub', args, printedStopped)).toBe('SIGKILL');
    const ledger = await reopened(schema);
    expect(await tipOf(ledger)).toBe(tip + 1);
    expect(await storedPayload(ledger, args)).not.toEqual({ ssn: 'secret' });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });
});

describe('a shredding on PostgreSQL killed mid-way', () => {
  async function prepared(): Promise<{ schema: string; id: string; tip: number }> {
    const schema = tempLedgerPath('shred_crash');
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(schema) });
    await ledger.execute((tx) => tx.createTable('Person'));
    const document = await new SubjectKeys(ledger, { masterKey }).encryptFields('subject-1', { ssn: 'secret' }, ['ssn']);
    const id = await ledger.execute((tx) => tx.insert('Person', document));
    const tip = await tipOf(ledger);
    await ledger.close();
    return { schema, id, tip };
  }

  const shred = ['shred', masterKey.toString('hex'), 'subject-1'];

  it('inside its transaction: the key is still there and reads, no block records a shredding', async () => {
    const { schema, id, tip } = await prepared();
    await trap(schema, 'ledger_data_key', 'DELETE');
    const held = new HeldSession(schema, 'ledger_data_key');
    expect(await runThenKill(schema, 'server', shred, held.reached)).toBe('SIGKILL');
    await held.end();
    const ledger = await reopened(schema);
    expect(await tipOf(ledger)).toBe(tip);
    const stored = (await ledger.execute((tx) => tx.get('Person', id)))!.data;
    expect(await new SubjectKeys(ledger, { masterKey }).decryptFields(stored)).toEqual({ ssn: 'secret' });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });

  it('after COMMIT, before the scrub: the key is gone for good', async () => {
    const { schema, id, tip } = await prepared();
    expect(await runThenKill(schema, 'before-scrub', shred, printedStopped)).toBe('SIGKILL');
    const ledger = await reopened(schema);
    expect(await tipOf(ledger)).toBe(tip + 1);
    const stored = (await ledger.execute((tx) => tx.get('Person', id)))!.data;
    await expect(new SubjectKeys(ledger, { masterKey }).decryptFields(stored)).rejects.toThrow(DataKeyUnavailableError);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });
});
