// Opening a PostgreSQL ledger before its database is up: with connectRetries, open keeps trying
// while the server answers as PostgreSQL does while it starts (FATAL 57P03 "the database system is
// starting up", sent by a stand-in on the ledger's port), and succeeds once the port leads to the
// real server (a TCP forwarder to the throw-away server, put in the stand-in's place after it
// refused two attempts); and with nothing listening, it gives up after its retries with
// DatabaseUnreachableError.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { DatabaseUnreachableError, Ledger, type PostgresStorageOptions } from 'nestjs-ledger';
import { removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('./support/postgres-server') as { freePort(): Promise<number> };

afterAll(removeTempLedgers);

/** A PostgreSQL ErrorResponse message: FATAL 57P03, as a server still starting answers a startup packet. */
function startingUpResponse(): Buffer {
  const fields = Buffer.from('SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0');
  const header = Buffer.alloc(5);
  header.write('E');
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/** Listens on `port` until closed; each connection is answered "starting up" and closed, and reported. */
function startingUpServer(port: number, onAttempt: () => void): Promise<Server> {
  const server = createServer((socket) => {
    onAttempt();
    socket.once('data', () => socket.end(startingUpResponse()));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** Listens on `port` and forwards every connection to the throw-away server. */
function forwarder(port: number, target: URL): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  const close = () => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ close })));
}

const closed = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A ledger whose open waits for a database still starting: up to 8 retries, 50 ms before the first, doubling. */
function patientStorage(url: string, schema: string): PostgresStorageOptions {
  return { type: 'postgres', url, schema, connectRetries: 8, connectRetryDelayMs: 50 };
}

describe('Opening a PostgreSQL ledger before its database is up', () => {
  it('retries while the server is starting up and opens once it accepts connections', async () => {
    const server = new URL(process.env.LEDGER_TEST_POSTGRES_URL as string);
    const port = await freePort();
    let refusedTwice!: () => void;
    const twoAttempts = new Promise<void>((resolve) => (refusedTwice = resolve));
    let attempts = 0;
    const standIn = await startingUpServer(port, () => {
      attempts += 1;
      if (attempts === 2) refusedTwice();
    });
    const url = `postgres://${server.username}@127.0.0.1:${port}${server.pathname}`;
    const opening = Ledger.open({ name: 'test', storage: patientStorage(url, tempLedgerPath()) });
    await twoAttempts;
    await closed(standIn);
    const up = await forwarder(port, server);
    try {
      const ledger = await opening;
      await ledger.execute((tx) => tx.createTable('Item'));
      await ledger.close();
      expect(attempts).toBe(2);
    } finally {
      await up.close();
    }
  });

  it('gives up after its retries with DatabaseUnreachableError when nothing listens', async () => {
    const port = await freePort();
    const storage: PostgresStorageOptions = { type: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/postgres`, schema: tempLedgerPath(), connectRetries: 2, connectRetryDelayMs: 10 };
    const error = await Ledger.open({ name: 'test', storage }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect(error).toMatchObject({ attempts: 3, code: 'POSTGRES_UNREACHABLE' });
    expect((error as Error).message).toMatch(new RegExp(`^cannot open the postgres ledger at 127\\.0\\.0\\.1:${port}/postgres .* in 3 attempts \\(last: .*ECONNREFUSED`));
  });
});
