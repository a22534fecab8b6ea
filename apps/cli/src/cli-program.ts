// The `ledger` program: its commands, and the one place where outcomes become exit codes. Bad
// usage (commander's own errors included) and unreadable input exit 2 with one line on stderr; a
// failed verification exits 1; success 0. The library is loaded by the commands that use it.
import { Command, CommanderError } from 'commander';
import type { LedgerError } from 'nestjs-ledger';
import { CliError, EXIT_OK, EXIT_USAGE } from './cli-error';
import { registerCommands } from './commands';
import { packageVersion } from './package-version';

/** Wraps a command's handler: what it returns is the exit code. */
export type Act = <A extends unknown[]>(handler: (...args: A) => Promise<number>) => (...args: A) => Promise<void>;

/** Parses `argv` (as process.argv: node, script, arguments…), runs the command, returns its exit code. */
export async function runCli(argv: readonly string[]): Promise<number> {
  let code = EXIT_OK;
  const act: Act =
    (handler) =>
    async (...args) => {
      code = await handler(...args);
    };
  const program = new Command('ledger')
    .description('Verify, prove, query, export and import nestjs-ledger journals (SQLite file or postgres:// URL).')
    .version(packageVersion(), '-V, --version', 'print the version of nestjs-ledger')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`ledger: ${text.replace(/^error: /, '').trimEnd()} (see --help)\n`) });
  registerCommands(program, act, argv.slice(2));
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    return exitCodeOf(error);
  }
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    return ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code) ? EXIT_OK : EXIT_USAGE;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ledger: ${firstLine(message)}\n`);
  if (error instanceof CliError) return error.exitCode;
  if (process.env.LEDGER_DEBUG && !isLedgerError(error)) process.stderr.write(`${(error as Error).stack}\n`);
  return EXIT_USAGE;
}

/** Whether `error` is one of the library's typed errors (whose message says it all). */
function isLedgerError(error: unknown): error is LedgerError {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return error instanceof (require('nestjs-ledger') as typeof import('nestjs-ledger')).LedgerError;
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}
