// The privileges of the roles that use a PostgreSQL ledger, as SQL its schema's owner runs: the
// owner role created the schema and runs the migrations (it owns every table, trigger and
// function, so it alone can alter or drop them); the application role may read every table,
// append to the journal, redact a revision or an event (their triggers let no other UPDATE through) and maintain
// the state derived from it, and nothing else (not otherwise UPDATE, DELETE or TRUNCATE a journal row, not alter, drop or disable a table or trigger, not create
// anything in the schema); the auditor role may only read. docs/postgresql-security.md shows the
// whole set-up; this is its last step, to run again after an upgrade that migrates the schema.
import { InvalidArgumentError } from '../../errors';
import { JOURNAL_TABLES } from '../migrations/journal-schema.migration';

/** Tables the engine keeps in step with the journal (rows inserted, updated and deleted), and the subjects' data keys. */
export const DERIVED_TABLES = ['ledger_document', 'ledger_index_entry', 'ledger_projection', 'ledger_data_key'] as const;

/** Tables written once by the owner (the ledger's identity, written with the genesis block; the migrations run). */
export const OWNER_TABLES = ['ledger_strand', 'ledger_migrations'] as const;

export interface LedgerRoles {
  /** The ledger's schema (its `schema` storage option). */
  schema: string;
  /** The role the application connects as. */
  application: string;
  /** Roles that may only read (auditors, `ledger verify`), if any. */
  auditors?: readonly string[];
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The statements, for the schema's owner to run once the ledger was opened by it (so its schema is
 * current), that give `application` and `auditors` their privileges. Names must be plain lowercase
 * identifiers.
 */
export function ledgerRoleGrants(roles: LedgerRoles): string[] {
  const { schema, application, auditors = [] } = roles;
  const bad = [schema, application, ...auditors].find((name) => !IDENTIFIER.test(name));
  if (bad !== undefined) throw new InvalidArgumentError(`ledgerRoleGrants takes plain lowercase identifiers (a-z, 0-9, _), not ${JSON.stringify(bad)}`, bad);
  const readers = [application, ...auditors].join(', ');
  const tables = (names: readonly string[]) => names.map((name) => `${schema}.${name}`).join(', ');
  return [
    `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${readers}`,
    `GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${readers}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT ON TABLES TO ${readers}`,
    `GRANT INSERT ON ${tables(JOURNAL_TABLES)} TO ${application}`,
    `GRANT INSERT, UPDATE, DELETE ON ${tables(DERIVED_TABLES)} TO ${application}`,
    `GRANT UPDATE (data, data_hash) ON ${schema}.journal_revision TO ${application}`,
    `GRANT UPDATE (header) ON ${schema}.journal_block TO ${application}`,
  ];
}
