// Secrets in PostgreSQL storage options (the password, in its field and in the URL, and TLS keys)
// never reach Nest's logs: a Nest application (a child process, Nest's default logger) that fails
// to start, because an option is bad or because the server refuses the connection, logs the error
// (its name, message, value and cause as Node prints them) without any of them.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { Ledger } from 'nestjs-ledger';
import { removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { serverUrl } from './support/postgres-roles';

const PASSWORD = 'Pw-7f3a9c-S3CRET';
const KEY = '-----BEGIN PRIVATE KEY-----\nKEY-b41d-S3CRET\n-----END PRIVATE KEY-----';

afterAll(removeTempLedgers);

/** Runs the Nest application with `storage`; its exit code and everything it wrote. */
function startApp(storage: object): Promise<{ code: number | null; output: string }> {
  const args = ['-r', './test/support/register-ts.js', 'test/support/nest-ledger-app.child.ts', JSON.stringify(storage)];
  const child = spawn(process.execPath, args, { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** The test server's URL with the password in it. */
function urlWithPassword(): string {
  const url = new URL(serverUrl());
  url.password = PASSWORD;
  return url.href;
}

describe('PostgreSQL storage secrets in Nest logs', () => {
  it.each([
    ['a bad option', { schema: 'Bad Schema' }, /InvalidArgumentError: options\.storage\.schema must be/],
    ['a server that refuses the connection', { schema: tempLedgerPath(), ssl: { key: KEY, passphrase: PASSWORD, rejectUnauthorized: false } }, /StorageError: cannot open the postgres ledger at 127\.0\.0\.1/],
  ])('are not in what Nest logs when the application fails to start on %s', async (_, options, logged) => {
    const { code, output } = await startApp({ type: 'postgres', url: urlWithPassword(), password: PASSWORD, ...options });
    expect(code).toBe(1);
    expect(output).toMatch(logged);
    expect(output).not.toContain('S3CRET');
  });
});

describe('PostgreSQL storage secrets in an open ledger', () => {
  it('are not in what Node prints of the ledger (nor its signing key), however deep', async () => {
    const signingKey = KEY; // a PEM string is accepted as the signing key too (this one is no key: it is never used)
    const ledger = await Ledger.open({ name: 'test', storage: { type: 'postgres', url: urlWithPassword(), password: PASSWORD, schema: tempLedgerPath() }, signingKey });
    try {
      await ledger.execute((tx) => tx.createTable('Item'));
      const printed = inspect(ledger, { depth: Infinity });
      expect(printed).toMatch(/^Ledger "test" <the postgres ledger at 127\.0\.0\.1:\d+\/postgres \(schema /);
      expect(printed).not.toContain('S3CRET');
    } finally {
      await ledger.close();
    }
  });
});
