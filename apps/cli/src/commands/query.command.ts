// `ledger query <db> "<PartiQL>" [param …] [--ion | --json] [--write]`: runs one PartiQL statement
// as its own transaction and prints its values as a table (default), Ion text or JSON lines.
// Parameters are Ion text, one per `?`. The ledger is opened read-only: a statement that writes is
// refused (exit 2) unless --write.
import type { Command } from 'commander';
import { ReadOnlyLedgerError, type IonValue } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { CliError, EXIT_OK } from '../cli-error';
import { parseIonParameter } from '../arguments';
import { withLedger } from '../ledger-location';
import { formatTable, formatValue, printLine } from '../output';
import { DB_ARGUMENT } from './help-texts';

export interface RowsOptions {
  ion?: boolean;
  json?: boolean;
}

export function registerQuery(program: Command, act: Act): void {
  program
    .command('query')
    .description('Run one PartiQL statement and print its result.')
    .argument('<db>', DB_ARGUMENT)
    .argument('<statement>', 'the PartiQL statement, e.g. "SELECT * FROM Account WHERE owner = ?"')
    .argument('[parameters...]', "one Ion value per ?, e.g. '\"Ana\"' 42 2024-06-01T")
    .option('--ion', 'print one Ion text value per line instead of a table')
    .option('--json', 'print one JSON value per line instead of a table')
    .option('--write', 'open the ledger for writing: without it, a statement that writes is refused')
    .action(
      act(async (db: string, statement: string, parameterTexts: string[], options: RowsOptions & { write?: boolean }) => {
        const parameters = parameterTexts.map(parseIonParameter);
        const rows = await withLedger(db, (ledger) => ledger.query(statement, ...parameters), { write: options.write }).catch((error: unknown) => {
          throw error instanceof ReadOnlyLedgerError ? new CliError(`${error.message} (pass --write to commit it)`) : error;
        });
        printRows(rows, options);
        return EXIT_OK;
      }),
    );
}

/** Rows as the options ask: a table, or one Ion / JSON value per line. */
export function printRows(rows: readonly IonValue[], options: RowsOptions): void {
  if (!options.ion && !options.json) return printLine(formatTable(rows));
  for (const row of rows) printLine(formatValue(row, options.json ? 'json' : 'ion'));
}
