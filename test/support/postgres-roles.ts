// Roles on the throw-away PostgreSQL server of the postgres tests (trust authentication: a role
// logs in by name): created for one test, connected to as that role, dropped with what it owns.
import { Client } from 'pg';

/** The test server's URL, as the superuser or as `role`. */
export function serverUrl(role?: string): string {
  const url = new URL(process.env.LEDGER_TEST_POSTGRES_URL as string);
  if (role !== undefined) url.username = role;
  return url.href;
}

/** Runs `work` on a new connection as `role` (default: the superuser), then closes it. */
export async function asRole<T>(role: string | undefined, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(serverUrl(role));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs `statements` one by one as the superuser. */
export function asSuperuser(statements: readonly string[]): Promise<void> {
  return asRole(undefined, async (client) => {
    for (const statement of statements) await client.query(statement);
  });
}

/** Creates login roles (no privileges beyond what PUBLIC has); returns a function that drops them and what they own. */
export async function createLoginRoles(roles: readonly string[]): Promise<() => Promise<void>> {
  await asSuperuser(roles.map((role) => `CREATE ROLE ${role} LOGIN`));
  return () => asSuperuser(roles.flatMap((role) => [`DROP OWNED BY ${role} CASCADE`, `DROP ROLE ${role}`]));
}
