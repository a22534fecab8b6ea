// `ledger history <db> <table> [documentId] [--table | --json]`: every committed revision of a
// table's documents (or of one document) in journal order, from PartiQL's history() function.
import type { Command } from 'commander';
import type { IonStructObject } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { CliError, EXIT_OK } from '../cli-error';
import { withLedger } from '../ledger-location';
import { formatTable, formatValue, printLine } from '../output';
import { DB_ARGUMENT } from './help-texts';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function registerHistory(program: Command, act: Act): void {
  program
    .command('history')
    .description("Print the revisions of a table's documents, or of one document, in journal order (Ion text).")
    .argument('<db>', DB_ARGUMENT)
    .argument('<table>', 'the table name')
    .argument('[documentId]', 'only this document')
    .option('--table', 'print a table (version, block, time, data) instead of Ion text')
    .option('--json', 'print one JSON value per line')
    .action(
      act(async (db: string, table: string, documentId: string | undefined, options: { table?: boolean; json?: boolean }) => {
        if (!TABLE_NAME.test(table)) throw new CliError(`table name ${JSON.stringify(table)} is invalid: letters, digits and underscores`);
        const statement = `SELECT * FROM history(${table}) AS h${documentId === undefined ? '' : ' WHERE h.metadata.id = ?'}`;
        const rows = await withLedger(db, (ledger) => ledger.query(statement, ...(documentId === undefined ? [] : [documentId])));
        if (options.table) {
          printLine(formatTable(rows.map((r) => summary(r as IonStructObject))));
        } else {
          for (const row of rows) printLine(formatValue(row, options.json ? 'json' : 'ion'));
        }
        return EXIT_OK;
      }),
    );
}

/** One revision as a table row: id, version, block, time, data. */
function summary(row: IonStructObject): IonStructObject {
  const metadata = row.metadata as IonStructObject;
  const blockAddress = row.blockAddress as IonStructObject;
  return { id: metadata.id, version: metadata.version, block: blockAddress.sequenceNo, txTime: metadata.txTime, data: row.data ?? null };
}
