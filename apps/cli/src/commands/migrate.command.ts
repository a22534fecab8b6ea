// `ledger migrate <db> [--status] [--json]`: runs the ledger schema's pending migrations (creating
// the schema, or the SQLite file, when absent) and prints those it ran; with --status, lists the
// migrations applied and pending without creating or writing anything. The deploy step of a
// team that opens its ledgers with `migrate: 'check'`, and what read commands ask for when a
// schema needs migrating.
import type { Command } from 'commander';
import { migrateStorage, storageMigrationStatus, type MigrationStatus } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { EXIT_OK } from '../cli-error';
import { storageOf } from '../ledger-location';
import { printLine } from '../output';
import { DB_ARGUMENT } from './help-texts';

interface MigrateOptions {
  status?: boolean;
  json?: boolean;
}

export function registerMigrate(program: Command, act: Act): void {
  program
    .command('migrate')
    .description("Run the ledger schema's pending migrations (or, with --status, list them) and print what was run.")
    .argument('<db>', `${DB_ARGUMENT}; an absent schema or file is created`)
    .option('--status', 'list the migrations applied and pending; create and write nothing')
    .option('--json', 'print one JSON object { applied, pending, ran }')
    .action(
      act(async (db: string, options: MigrateOptions) => {
        const storage = storageOf(db);
        const status = options.status ? await storageMigrationStatus(storage) : await migrateStorage(storage);
        printStatus(status, options);
        return EXIT_OK;
      }),
    );
}

/** What --status lists (each migration, applied or pending), or what a run did; or one JSON object. */
function printStatus(status: MigrationStatus, options: MigrateOptions): void {
  if (options.json) return printLine(JSON.stringify(status));
  if (options.status) {
    for (const name of status.applied) printLine(`applied  ${name}`);
    for (const name of status.pending) printLine(`pending  ${name}`);
    return printLine(status.pending.length ? `${status.pending.length} pending: run \`ledger migrate <db>\`` : 'the schema is current');
  }
  for (const name of status.ran) printLine(`ran  ${name}`);
  printLine(status.ran.length ? `the schema is current (${status.ran.length} migration${status.ran.length === 1 ? '' : 's'} run)` : 'the schema is current: nothing to run');
}
