// The `<db>` argument: a postgres:// URL that cannot be parsed is refused without being repeated,
// since it may hold a password.
import { CliError } from './cli-error';
import { storageOf } from './ledger-location';

describe('storageOf', () => {
  it('reads the schema from a postgres URL and keeps the rest', () => {
    expect(storageOf('postgres://app@db.example/ledgerdb?schema=ledger')).toEqual({ type: 'postgres', url: 'postgres://app@db.example/ledgerdb', schema: 'ledger' });
  });

  it('refuses an unparsable postgres URL without repeating its password', () => {
    const refuse = () => storageOf('postgres://app:Pw#7f3a/S3CRET@db.example:port/ledgerdb');
    expect(refuse).toThrow(CliError);
    expect(refuse).toThrow(/^<db> is not a valid postgres:\/\/ URL/);
    expect(refuse).not.toThrow(/S3CRET/);
  });
});
