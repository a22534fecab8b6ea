// Every command of the `ledger` program, each module required only when needed: a command line that
// names a command loads that command's module alone (and the parts of the library it uses); help,
// a bare `ledger`, or an unknown word loads them all, so the listing and the suggestions are whole.
// `ledger --version` loads none.
import type { Command } from 'commander';
import type { Act } from '../cli-program';

type Register = (program: Command, act: Act) => void;

/* eslint-disable @typescript-eslint/no-require-imports */
/** The commands by name, in the order `ledger --help` lists them. */
const COMMANDS: ReadonlyMap<string, () => Register> = new Map<string, () => Register>([
  ['verify', () => (require('./verify.command') as typeof import('./verify.command')).registerVerify],
  ['digest', () => (require('./digest.command') as typeof import('./digest.command')).registerDigest],
  ['block', () => (require('./block.command') as typeof import('./block.command')).registerBlock],
  ['revision', () => (require('./revision.command') as typeof import('./revision.command')).registerRevision],
  ['event', () => (require('./event.command') as typeof import('./event.command')).registerEvent],
  ['consistency', () => (require('./consistency.command') as typeof import('./consistency.command')).registerConsistency],
  ['verify-proof', () => (require('./verify-proof.command') as typeof import('./verify-proof.command')).registerVerifyProof],
  ['query', () => (require('./query.command') as typeof import('./query.command')).registerQuery],
  ['shell', () => (require('./shell.command') as typeof import('./shell.command')).registerShell],
  ['history', () => (require('./history.command') as typeof import('./history.command')).registerHistory],
  ['tail', () => (require('./tail.command') as typeof import('./tail.command')).registerTail],
  ['export', () => (require('./export.command') as typeof import('./export.command')).registerExport],
  ['import', () => (require('./import.command') as typeof import('./import.command')).registerImport],
  ['backup', () => (require('./backup.command') as typeof import('./backup.command')).registerBackup],
  ['migrate', () => (require('./migrate.command') as typeof import('./migrate.command')).registerMigrate],
  ['verifier-page', () => (require('./verifier-page.command') as typeof import('./verifier-page.command')).registerVerifierPage],
]);
/* eslint-enable @typescript-eslint/no-require-imports */

/** The options that print something and exit before any command runs. */
const VERSION_FLAGS = ['-V', '--version'];

/** Registers the commands `args` (the words after `ledger`) need: the one it names, none for --version, else all. */
export function registerCommands(program: Command, act: Act, args: readonly string[]): void {
  if (VERSION_FLAGS.includes(args[0])) return;
  const named = COMMANDS.get(args[0]);
  for (const load of named ? [named] : COMMANDS.values()) load()(program, act);
}
