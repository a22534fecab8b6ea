// The PostgreSQL examples of the docs run against the postgres project's throw-away server, each in
// a database of its own (the sqlite project type-checks them and runs their parts without a server).
import { join } from 'node:path';
import { runExample } from '../support/readme-example';
import { asSuperuser, serverUrl } from '../support/postgres-roles';
import { root } from './doc-pages';

const EXAMPLES = ['postgresql.ts', 'postgresql-roles.ts', 'postgresql-managed.ts'];

describe('the PostgreSQL examples of docs/postgresql-and-operations.md and docs/postgresql-security.md', () => {
  it.each(EXAMPLES)('%s runs against PostgreSQL, and its checks pass', async (name) => {
    const database = `docs_${name.replace(/\W/g, '_')}`;
    await asSuperuser([`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`, `CREATE DATABASE ${database}`]);
    const url = new URL(serverUrl());
    url.pathname = `/${database}`;
    try {
      expect(runExample(join(root, 'test/docs/examples', name), { LEDGER_TEST_POSTGRES_URL: url.href })).toBe('ran on PostgreSQL\n');
    } finally {
      await asSuperuser([`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
    }
  });
});
