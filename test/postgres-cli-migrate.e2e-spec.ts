// `ledger migrate` and read-only opening by the `ledger` command, on schemas of the `postgres`
// jest project's throw-away server: an empty schema stays empty under every read command.
import { describeCliMigrations } from './support/cli-migrate-cases';

describeCliMigrations();
