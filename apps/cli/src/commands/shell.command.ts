// `ledger shell <db>`: an interactive PartiQL prompt (history in ~/.ledger_history, or the file
// LEDGER_HISTORY_FILE names, kept 0600 and written only when stdin is a terminal, so a piped script
// of statements leaves no history; multi-line statements ending with `;`; .tables, .help, .quit).
// The ledger is opened read-only unless --write: a statement that writes is then refused.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { Act } from '../cli-program';
import { EXIT_OK } from '../cli-error';
import { withLedger } from '../ledger-location';
import { PartiqlShell } from '../partiql-shell';
import { DB_ARGUMENT } from './help-texts';

export function registerShell(program: Command, act: Act): void {
  program
    .command('shell')
    .description('An interactive PartiQL prompt: statements end with ;, and .tables, .help, .quit.')
    .argument('<db>', DB_ARGUMENT)
    .option('--write', 'open the ledger for writing: without it, statements that write are refused')
    .action(
      act(async (db: string, options: { write?: boolean }) => {
        const terminal = process.stdin.isTTY === true;
        const historyFile = terminal ? (process.env.LEDGER_HISTORY_FILE ?? join(homedir(), '.ledger_history')) : undefined;
        await withLedger(db, (ledger) => new PartiqlShell(ledger, { input: process.stdin, output: process.stdout, messages: process.stderr, terminal, historyFile }).run(), { write: options.write });
        return EXIT_OK;
      }),
    );
}
