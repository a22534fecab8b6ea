// Jest global setup of the `postgres` project: starts a throw-away PostgreSQL server and exports its
// URL to the test processes as LEDGER_TEST_POSTGRES_URL. A server that cannot start fails the run.
// With LEDGER_TEST_POSTGRES_URL already set, the tests use that server instead and none is started.
const { startPostgresServer } = require('./postgres-server');

module.exports = async function startTestServer() {
  if (process.env.LEDGER_TEST_POSTGRES_URL) return;
  const server = await startPostgresServer({ durable: false });
  process.env.LEDGER_TEST_POSTGRES_URL = server.url;
  globalThis.ledgerTestPostgres = server;
};
