// A process that opens a PostgreSQL ledger with its migrations on and stops at a known point of them:
//   node -r ./test/support/register-ts.js migrating-postgres-ledger.child.ts <storage options JSON> <statement start> <occurrence>
// pg's Client.prototype.query is wrapped (here only, the library is as shipped): just before a
// session sends its `occurrence`th statement that begins with `statement start` (for one of the
// ledger's pipelined batches, its statements' texts joined with `; `), it asks that session (inside
// its uncommitted transaction) for the migrations recorded, the schema's objects and the journal's
// blocks, prints them with the session's server process id as one JSON line, and blocks for ever
// (the event loop too: nothing more reaches the server), for the parent to kill it there. Should the
// opening end without meeting the statement, it prints { "opened": true } and exits.
import { writeSync } from 'node:fs';
import { Ledger } from 'nestjs-ledger';
import { Client, type QueryResult } from 'pg';
import type { PausePoint } from './migrate-crash-cases';
import { SCHEMA_OBJECTS_SQL } from './postgres-schema-objects';

/** What the child saw where it stopped, and the server process of the session it stopped in. */
export interface PostgresPausePoint extends PausePoint {
  pid: number;
}

const [storage, statementStart, occurrence] = process.argv.slice(2);
const query = Client.prototype.query as (this: Client, ...args: unknown[]) => Promise<QueryResult>;
let seen = 0;

/** The text of a query as pg's Client.query receives it: a string, a config object, or the ledger's pipelined statement batch (its statements' texts joined). */
function textOf(config: unknown): string {
  if (typeof config === 'string') return config;
  const { text, statements } = (config ?? {}) as { text?: unknown; statements?: Array<{ sql: string }> };
  return Array.isArray(statements) ? statements.map((statement) => statement.sql).join('; ') : String(text ?? '');
}

/** Reports what `client`'s transaction sees, then blocks the process until it is killed. */
async function stopIn(client: Client, statement: string): Promise<never> {
  const rows = async (sql: string) => (await query.call(client, sql)).rows as Array<Record<string, string>>;
  const objects = (await rows(SCHEMA_OBJECTS_SQL)).map((row) => row.object);
  const point: PostgresPausePoint = {
    statement,
    pid: (client as unknown as { processID: number }).processID,
    recorded: (await rows('SELECT name FROM ledger_migrations ORDER BY id')).map((row) => row.name),
    objects,
    blocks: objects.includes('table journal_block') ? Number((await rows('SELECT COUNT(*) AS n FROM journal_block'))[0].n) : 0,
  };
  writeSync(1, `${JSON.stringify(point)}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // no timeout: until killed
  throw new Error('unreachable');
}

Client.prototype.query = function (this: Client, config: unknown, ...rest: unknown[]) {
  const statement = textOf(config);
  if (statement.startsWith(statementStart) && ++seen === Number(occurrence)) return stopIn(this, statement);
  return query.call(this, config, ...rest);
} as typeof Client.prototype.query;

async function main(): Promise<void> {
  const ledger = await Ledger.open({ name: 'test', storage: JSON.parse(storage), migrate: true });
  await ledger.close();
  writeSync(1, `${JSON.stringify({ opened: true })}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
