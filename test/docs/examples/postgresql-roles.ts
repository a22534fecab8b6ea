// The owner's two steps of docs/postgresql-security.md: open the ledger once (migrations, genesis),
// then grant the application and auditor roles their privileges. The grants run here through a client
// that records them; the opening runs when LEDGER_TEST_POSTGRES_URL names a database (standing in for
// the owner's URL). test/postgres-roles.e2e-spec.ts runs both as real roles.
// #region hidden
import { strict as assert } from 'node:assert';
import { Ledger, ledgerRoleGrants } from 'nestjs-ledger';

async function ownerOpens(ownerUrl: string): Promise<void> {
  // #endregion
  // #region owner-opens
  const ledger = await Ledger.open({ name: 'payments', storage: { type: 'postgres', url: ownerUrl, schema: 'ledger' } }); // postgres://ledger_owner@db.example/ledgerdb
  await ledger.close();
  // #endregion
  // #region hidden
}

async function ownerGrants(ownerClient: { query(statement: string): Promise<unknown> }): Promise<void> {
  // #endregion
  // #region grants
  for (const statement of ledgerRoleGrants({ schema: 'ledger', application: 'ledger_app', auditors: ['ledger_auditor'] })) {
    await ownerClient.query(statement);
  }
  // #endregion
  // #region hidden
}

async function main() {
  const statements: string[] = [];
  await ownerGrants({ query: async (statement) => statements.push(statement) });
  assert.ok(statements.includes('REVOKE ALL ON SCHEMA ledger FROM PUBLIC'));
  if (!process.env.LEDGER_TEST_POSTGRES_URL) return;
  await ownerOpens(process.env.LEDGER_TEST_POSTGRES_URL);
  console.log('ran on PostgreSQL');
}

main();
// #endregion
