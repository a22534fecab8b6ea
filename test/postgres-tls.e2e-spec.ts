// PostgreSQL over TLS, as managed servers require it: a throw-away server of its own that refuses
// TCP connections without TLS, with a certificate from a test CA made with openssl. The ledger
// opens with `ssl: { ca }` and every connection it makes (pool, LISTEN, projection lease) is
// encrypted; the URL's sslmode/sslrootcert work too, in the library and the `ledger` command; no
// TLS, or a CA that did not sign the server's certificate, fails with a StorageError.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { InvalidArgumentError, Ledger, StorageError, type PostgresStorageOptions } from 'nestjs-ledger';
import { startPostgresServer, type PostgresServer } from './support/postgres-server';
import { buildCli, ledgerCli } from './support/cli';

let directory: string;
let server: PostgresServer;

/** `openssl` with `args`, in the test's directory. */
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: directory, stdio: 'pipe' });

/** A self-signed CA: `<name>.crt` and `<name>.key`. */
function certificateAuthority(name: string): void {
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.crt`);
}

/** The server's certificate for 127.0.0.1, signed by the `ca` CA. */
function serverCertificate(ca: string): void {
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-days', '2', '-out', 'server.crt', '-extfile', 'san.cnf');
}

const caFile = () => join(directory, 'test-ca.crt');
const ca = () => readFileSync(caFile(), 'utf8');

beforeAll(async () => {
  buildCli();
  directory = mkdtempSync(join(tmpdir(), 'nestjs-ledger-tls-'));
  execFileSync('sh', ['-c', 'echo subjectAltName=IP:127.0.0.1 > san.cnf'], { cwd: directory });
  certificateAuthority('test-ca');
  certificateAuthority('other-ca');
  serverCertificate('test-ca');
  server = await startPostgresServer({ durable: false, tls: { certificate: join(directory, 'server.crt'), key: join(directory, 'server.key') } });
});

afterAll(() => {
  server?.stop();
  rmSync(directory, { recursive: true, force: true });
});

const storage = (schema: string, more: Partial<PostgresStorageOptions> = {}): PostgresStorageOptions => ({ type: 'postgres', url: server.url, schema, ...more });

/** Whether each of the ledger's connections (by application_name) uses TLS, as the server sees them. */
async function connectionsOverTls(): Promise<Record<string, boolean[]>> {
  const admin = new Client({ connectionString: server.url, ssl: { ca: ca() } });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ name: string; ssl: boolean }>(
      "SELECT a.application_name AS name, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name LIKE 'nestjs-ledger%' ORDER BY 1",
    );
    const byName: Record<string, boolean[]> = {};
    for (const row of rows) (byName[row.name] ??= []).push(row.ssl);
    return byName;
  } finally {
    await admin.end();
  }
}

describe('PostgreSQL over TLS', () => {
  it('refuses to connect without TLS, with a StorageError', async () => {
    const opening = Ledger.open({ name: 'tls', storage: storage('plain') });
    await expect(opening).rejects.toThrow(StorageError);
    await expect(opening).rejects.toThrow(/no encryption/);
  });

  it('opens with ssl: { ca }, and every connection the ledger makes (pool, LISTEN, projection lease) is encrypted', async () => {
    const ledger = await Ledger.open({ name: 'tls', storage: storage('with_ca', { ssl: { ca: ca() } }) });
    await ledger.execute((tx) => tx.createTable('Account'));
    const streamed: number[] = [];
    const subscription = ledger.blocks$({ from: 'now' }).subscribe((record) => streamed.push(record.payload.blockAddress.sequenceNo));
    expect(await ledger.projectionLease.acquire('balances', 'owner-1', 10_000)).toBe(true);
    const { block } = await ledger.transact((tx) => tx.insert('Account', { owner: 'ana' }));
    while (!streamed.includes(block!.blockAddress.sequenceNo)) await new Promise((resolve) => setTimeout(resolve, 20));

    let connections = await connectionsOverTls();
    // the stream opens its LISTEN connection beside its first polls, and may have heard the block before it connected
    while (!connections['nestjs-ledger-listen']) connections = await connectionsOverTls();
    expect(Object.keys(connections)).toEqual(['nestjs-ledger', 'nestjs-ledger-lease', 'nestjs-ledger-listen']);
    expect(Object.values(connections).flat().every((ssl) => ssl)).toBe(true);
    expect((await ledger.verify()).valid).toBe(true);
    subscription.unsubscribe();
    await ledger.close();
  });

  it("takes TLS from the URL's sslmode and sslrootcert, in the library and in the ledger command", async () => {
    const url = new URL(server.url);
    url.searchParams.set('sslmode', 'verify-full');
    url.searchParams.set('sslrootcert', caFile());
    const ledger = await Ledger.open({ name: 'tls', storage: { type: 'postgres', url: url.toString(), schema: 'by_url' } });
    await ledger.execute((tx) => tx.createTable('Account'));
    await ledger.close();

    url.searchParams.set('schema', 'by_url');
    const verified = await ledgerCli(['verify', url.toString()]);
    expect(verified.stderr).toBe('');
    expect(verified.code).toBe(0);
  });

  it("fails with a StorageError naming the certificate problem when the CA did not sign the server's certificate", async () => {
    const other = readFileSync(join(directory, 'other-ca.crt'), 'utf8');
    const opening = Ledger.open({ name: 'tls', storage: storage('wrong_ca', { ssl: { ca: other } }) });
    await expect(opening).rejects.toThrow(StorageError);
    await expect(opening).rejects.toThrow(/certificate/);
  });

  it('refuses ssl options that are neither a boolean nor TLS options, naming their type (a string there may be a key: it is not shown)', async () => {
    const opening = Ledger.open({ name: 'tls', storage: storage('bad_ssl', { ssl: 'yes' as unknown as boolean }) });
    await expect(opening).rejects.toThrow(InvalidArgumentError);
    await expect(opening).rejects.toThrow('options.storage.ssl must be true, false or TLS options ({ ca, cert, key, … }), not a string');
  });
});
