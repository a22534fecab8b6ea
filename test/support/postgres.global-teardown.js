// Jest global teardown of the `postgres` project: stops and removes the server the global setup started.
module.exports = async function stopTestServer() {
  globalThis.ledgerTestPostgres?.stop();
};
