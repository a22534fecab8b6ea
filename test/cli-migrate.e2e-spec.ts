// `ledger migrate` and read-only opening by the `ledger` command, on SQLite files
// (test/postgres-cli-migrate.e2e-spec.ts runs the same cases on PostgreSQL).
import { describeCliMigrations } from './support/cli-migrate-cases';

describeCliMigrations();
