// The ledger's log lines through a logger object of the application's (here one that keeps every
// line): opening with the migrations it ran, closing, OCC retries and a transaction giving up, slow
// group commits, failed verifications, and connection retries on PostgreSQL; a password given in
// the storage options (as `password`, a password function or in the URL) is in none of them.
import { createServer } from 'node:net';
import type { LedgerLogger } from '../telemetry';
import { DatabaseUnreachableError } from '../storage';
import { InvalidArgumentError } from './errors';
import { Ledger } from './ledger';
import { flipLastByte, first, preparedLedger, tamper } from './tamper.fixture';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { testStorage } from './test-storage.fixture';
import { gate } from './gate.fixture';

afterAll(removeTempLedgers);

const SECRET = 'hunter2-s3cret';

type Level = 'log' | 'warn' | 'error' | 'debug';

/** A logger that keeps every line with its level. */
class KeepingLogger implements LedgerLogger {
  readonly lines: Array<[Level, string]> = [];
  log(message: string) {
    this.lines.push(['log', message]);
  }
  warn(message: string) {
    this.lines.push(['warn', message]);
  }
  error(message: string) {
    this.lines.push(['error', message]);
  }
  debug(message: string) {
    this.lines.push(['debug', message]);
  }
  at(level: Level): string[] {
    return this.lines.filter(([l]) => l === level).map(([, message]) => message);
  }
}

/** The storage at `location` with a password added the server does not need (trust authentication on the test server; none on SQLite). */
function withPassword(location: string) {
  const storage = storageAt(location);
  return storage.type === 'postgres' ? { ...storage, password: SECRET } : storage;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A TCP port nothing listens on (taken from the system, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('the ledger’s log lines', () => {
  it('logs opening with the migrations it ran, then closing', async () => {
    const logger = new KeepingLogger();
    const location = tempLedgerPath();
    const ledger = await Ledger.open({ name: 'logged', storage: withPassword(location), logger });
    await ledger.close();
    const where = testStorage.type === 'sqlite' ? `the sqlite ledger at ${location}` : `schema ${location}`;
    expect(logger.lines).toEqual([
      ['log', expect.stringMatching(/^migrated .*: ran JournalSchema\d+/)],
      ['log', expect.stringMatching(new RegExp(`^opened ledger "logged" \\(.*${escaped(where)}.*\\) at block 0$`))],
      ['log', 'closed ledger "logged"'],
    ]);
    const again = new KeepingLogger();
    await (await Ledger.openExisting({ storage: withPassword(location), logger: again, readOnly: true })).close();
    expect(again.lines.map(([, line]) => line)).toEqual([expect.stringMatching(/^opened ledger "logged" .*, read-only\) at block 0$/), 'closed ledger "logged"']);
    expect(JSON.stringify([...logger.lines, ...again.lines])).not.toContain(SECRET);
  });

  it('logs each OCC retry at debug, and a transaction that gave up at warn', async () => {
    const logger = new KeepingLogger();
    const ledger = await openTestLedger(tempLedgerPath(), { logger });
    try {
      const id = await ledger.execute((tx) => {
        tx.createTable('Counter');
        return tx.insert('Counter', { n: 0 });
      });
      const increment = (allRead: () => Promise<void>, maxRetries?: number) =>
        ledger.execute(
          async (tx) => {
            const counter = await tx.get('Counter', id);
            await allRead();
            await tx.update('Counter', id, { n: (counter!.data.n as number) + 1 });
          },
          maxRetries === undefined ? {} : { retry: { maxRetries } },
        );
      const retried = gate(2);
      await Promise.all([increment(retried), increment(retried)]);
      expect(logger.at('debug')).toEqual([expect.stringMatching(new RegExp(`^ledger "test": OCC conflict on document ${id}; retry 1 in \\d+ ms$`))]);
      const refused = gate(2);
      const outcomes = await Promise.allSettled([increment(refused, 0), increment(refused, 0)]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(logger.at('warn')).toEqual([`ledger "test": transaction gave up after 1 attempts, each in conflict (last on document ${id})`]);
    } finally {
      await ledger.close();
    }
  });

  it('warns of a group commit slower than slowCommitMs', async () => {
    const logger = new KeepingLogger();
    const ledger = await openTestLedger(tempLedgerPath(), { logger, slowCommitMs: 0 });
    try {
      await ledger.execute((tx) => tx.createTable('Slow'));
      expect(logger.at('warn')).toEqual([expect.stringMatching(/^ledger "test": a commit of 1 transactions \(1 blocks\) took \d+ ms \(slowCommitMs 0\)$/)]);
    } finally {
      await ledger.close();
    }
  });

  it('warns of a failed verification with its problems’ codes and blocks, not the stored data', async () => {
    const { path } = await preparedLedger();
    await tamper(path, async (sql) => {
      const row = await first<{ data: Buffer }>(sql, 'SELECT data FROM journal_revision WHERE sequence_no = 4');
      await sql.query('UPDATE journal_revision SET data = ? WHERE sequence_no = 4', [flipLastByte(row.data)]);
    });
    const logger = new KeepingLogger();
    const ledger = await Ledger.openExisting({ storage: storageAt(path), logger });
    try {
      expect((await ledger.verify()).valid).toBe(false);
    } finally {
      await ledger.close();
    }
    expect(logger.at('warn')).toEqual([expect.stringMatching(/^ledger "test" failed verification after \d+ blocks: REVISION_HASH_MISMATCH at block 4$/)]);
  });

  it('warns of each connection retry while PostgreSQL does not answer, naming neither the password nor the URL’s', async () => {
    const port = await closedPort();
    const provider = async () => SECRET;
    for (const storage of [
      { type: 'postgres' as const, url: `postgres://ledger:${SECRET}@127.0.0.1:${port}/ledger` },
      { type: 'postgres' as const, host: '127.0.0.1', port, user: 'ledger', password: SECRET, database: 'ledger' },
      { type: 'postgres' as const, host: '127.0.0.1', port, user: 'ledger', password: provider, database: 'ledger' },
    ]) {
      const logger = new KeepingLogger();
      await expect(Ledger.open({ name: 'down', storage: { ...storage, connectRetries: 2, connectRetryDelayMs: 1 }, logger })).rejects.toThrow(DatabaseUnreachableError);
      expect(logger.lines).toEqual([
        ['warn', `the postgres ledger at 127.0.0.1:${port}/ledger (schema public) does not accept connections yet (ECONNREFUSED); retry 1 of 2 in 1 ms`],
        ['warn', `the postgres ledger at 127.0.0.1:${port}/ledger (schema public) does not accept connections yet (ECONNREFUSED); retry 2 of 2 in 2 ms`],
      ]);
    }
  });

  it('refuses a logger that lacks a method, naming it', async () => {
    const logger = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const open = Ledger.open({ name: 'test', storage: storageAt(tempLedgerPath()), logger: logger as unknown as LedgerLogger });
    await expect(open).rejects.toThrow(InvalidArgumentError);
    await expect(open).rejects.toThrow('options.logger must have log, warn, error and debug methods; it lacks debug');
  });
});
