// `ledger backup <db> <file> [--json]`: a copy of an SQLite ledger as one committed snapshot, taken
// while applications keep committing to it, into a new file (never over one); prints the copy's tip
// and digest, which `ledger verify <file>` and `ledger digest <file>` read back from it.
import type { Command } from 'commander';
import type { LedgerBackup } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { EXIT_OK } from '../cli-error';
import { withLedger } from '../ledger-location';
import { printLine } from '../output';
import { DB_ARGUMENT } from './help-texts';

export function registerBackup(program: Command, act: Act): void {
  program
    .command('backup')
    .description('Copy an SQLite ledger, as one committed snapshot, into a new file while it stays in use; print the copy\'s digest.')
    .argument('<db>', DB_ARGUMENT)
    .argument('<file>', 'the new file (never written over; its directory is created when missing)')
    .option('--json', 'print the summary as one JSON object')
    .action(
      act(async (db: string, file: string, options: { json?: boolean }) => {
        printBackupSummary(await withLedger(db, (ledger) => ledger.backup(file)), options.json === true);
        return EXIT_OK;
      }),
    );
}

/** What the backup placed: a line of text each, or one JSON object. */
function printBackupSummary(backup: LedgerBackup, json: boolean): void {
  const sequenceNo = backup.digest.digestTipAddress.sequenceNo;
  const digest = Buffer.from(backup.digest.digest).toString('base64');
  if (json) {
    printLine(JSON.stringify({ file: backup.file, bytes: backup.bytes, digest: { sequenceNo, digest } }));
    return;
  }
  printLine(`backed up blocks 0..${sequenceNo} into ${backup.file} (${backup.bytes} bytes)`);
  printLine(`digest at block ${sequenceNo}: ${digest}`);
}
