// A redaction (of a revision, of an event) and a shredding on PostgreSQL, their writer killed with SIGKILL at known points: inside
// the database transaction, after the revision row was emptied or the key row deleted (a trigger of
// the test's own holds the server's session there, in pg_sleep), the session then ended as the
// server ends a dead client's (afterwards nothing of it is visible: the data or the key is there, no
// block records a request, verify() is valid); and after COMMIT, before the VACUUM (the change is
// whole and verified). The erasures are test/support/erasure-cases.ts.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Ledger } from 'nestjs-ledger';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { erasureCases, type ErasureCase, type PreparedErasure } from './support/erasure-cases';
import { asRole, asSuperuser } from './support/postgres-roles';

const root = join(__dirname, '..');
afterAll(removeTempLedgers);

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

/** A new schema prepared for `erasure`, its ledger closed, with its tip. */
async function prepared(erasure: ErasureCase): Promise<{ schema: string; erasing: PreparedErasure; tip: number }> {
  const schema = tempLedgerPath('erasure_crash');
  const ledger = await Ledger.open({ name: 'test', storage: storageAt(schema) });
  const erasing = await erasure.prepare(ledger, 'secret');
  const tip = await tipOf(ledger);
  await ledger.close();
  return { schema, erasing, tip };
}

describe.each(erasureCases.map((erasure) => [erasure.title, erasure] as const))('%s on PostgreSQL killed mid-way', (_title, erasure) => {
  it('inside its transaction: nothing of it is visible, and where it can run again it does', async () => {
    const { schema, erasing, tip } = await prepared(erasure);
    const { table, operation } = erasure.changes;
    await trap(schema, table, operation);
    const held = new HeldSession(schema, table);
    expect(await runThenKill(schema, 'server', erasing.args, held.reached)).toBe('SIGKILL');
    await held.end();
    const ledger = await reopened(schema);
    expect(await tipOf(ledger)).toBe(tip);
    await erasing.expectIntact(ledger);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    if (erasing.runAgain) {
      await erasing.runAgain(ledger);
      await erasing.expectErased(ledger);
    }
    await ledger.close();
  });

  it('after COMMIT, before the VACUUM: the erasure is whole', async () => {
    const { schema, erasing, tip } = await prepared(erasure);
    expect(await runThenKill(schema, 'before-scrub', erasing.args, printedStopped)).toBe('SIGKILL');
    const ledger = await reopened(schema);
    expect(await tipOf(ledger)).toBe(tip + 1);
    await erasing.expectErased(ledger);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });
});
