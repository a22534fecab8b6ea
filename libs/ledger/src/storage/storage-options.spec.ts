// Storage options hold secrets: a bad option's error, its value and all it carries (as Node prints
// it) show none of them; redactStorageOptions keeps everything else.
import { inspect } from 'node:util';
import { InvalidArgumentError } from '../errors';
import { Ledger } from '../engine/ledger';
import { redactStorageOptions, redactUrl } from './storage-options';

const PASSWORD = 'Pw-7f3a9c-S3CRET';
const KEY = `-----BEGIN PRIVATE KEY-----\nKEY-b41d-S3CRET\n-----END PRIVATE KEY-----`;
const secretFree = (text: string) => !text.includes('S3CRET');

const postgres = (extra: object) => ({
  type: 'postgres',
  url: `postgres://app:${PASSWORD}@db.example:5432/ledger?sslmode=verify-full&password=${PASSWORD}`,
  password: PASSWORD,
  ssl: { ca: 'CA PEM', key: KEY, passphrase: PASSWORD, pfx: Buffer.from(KEY) },
  ...extra,
});

async function openError(storage: unknown): Promise<InvalidArgumentError> {
  const error = await Ledger.open({ name: 'test', storage: storage as never }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  return error as InvalidArgumentError;
}

describe('storage options in errors', () => {
  it.each([
    ['a bad schema', postgres({ schema: 'Bad Schema' })],
    ['a bad tip poll interval', postgres({ tipPollIntervalMs: -1 })],
    ['ssl given as a key string', postgres({ ssl: KEY })],
    ['a connection URL given as the options', `postgres://app:${PASSWORD}@db.example/ledger`],
    ['an unparsable URL and an unknown type', { type: 'postgress', url: `postgres://app:${PASSWORD}@db.example:port/ledger` }],
  ])('show no password, URL password or TLS key for %s, in the message, the value or anything Node prints of the error', async (_, storage) => {
    const error = await openError(storage);
    expect(secretFree(error.message)).toBe(true);
    expect(secretFree(JSON.stringify(error.value))).toBe(true);
    expect(secretFree(inspect(error, { depth: Infinity }))).toBe(true);
  });

  it('keep what is not secret, so the value still says what was given', async () => {
    const error = await openError(postgres({ schema: 'Bad Schema' }));
    expect(error.message).toContain('"Bad Schema"');
    expect(error.value).toEqual({
      type: 'postgres',
      url: 'postgres://app:redacted@db.example:5432/ledger?sslmode=verify-full&password=redacted',
      password: '[redacted]',
      ssl: { ca: 'CA PEM', key: '[redacted]', passphrase: '[redacted]', pfx: '[redacted]' },
      schema: 'Bad Schema',
    });
  });
});

describe('redactStorageOptions', () => {
  it('leaves options without secrets, and values that are no options, as they are', () => {
    expect(redactStorageOptions({ type: 'sqlite', database: '/tmp/x' })).toEqual({ type: 'sqlite', database: '/tmp/x' });
    expect(redactStorageOptions({ type: 'postgres', url: 'postgres://app@db/ledger', ssl: true })).toEqual({ type: 'postgres', url: 'postgres://app@db/ledger', ssl: true });
    expect(redactStorageOptions(undefined)).toBeUndefined();
    expect(redactStorageOptions(42)).toBe(42);
  });

  it('redacts a URL that cannot be parsed whole', () => {
    expect(redactUrl(`postgres://app:${PASSWORD}@db:port/ledger`)).toBe('[redacted] (not a URL)');
  });
});
