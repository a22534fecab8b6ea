// `ledger import <dir> <db> [--name <ledger>] [--append]`: imports an export (ours, or QLDB's
// ION_TEXT / ION_BINARY export) into a new ledger, or onto the ledger an earlier import made,
// verifying every block and the chain as it reads. Exit 1
// when the export does not verify (naming the file and block), 2 on usage or I/O errors; nothing
// is written either way.
import type { Command } from 'commander';
import { importJournal, ImportRefusedError } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { CliError, EXIT_INVALID, EXIT_OK } from '../cli-error';
import { storageOf } from '../ledger-location';
import { printLine } from '../output';
import { DB_ARGUMENT } from './help-texts';

export function registerImport(program: Command, act: Act): void {
  program
    .command('import')
    .description('Import an export directory (this tool\'s or QLDB\'s) into a new ledger, verifying every block.')
    .argument('<dir>', 'the export directory (manifests and data files, at any depth)')
    .argument('<db>', `${DB_ARGUMENT}; a new file, or a schema holding no ledger`)
    .option('--name <ledger>', "the new ledger's name (default: the started manifest's ledgerName)")
    .option('--append', 'continue an existing ledger (an earlier import of the same journal) with the blocks after its tip')
    .action(
      act(async (directory: string, db: string, options: { name?: string; append?: boolean }) => {
        const result = await importJournal(directory, storageOf(db), {
          ...(options.name ? { ledgerName: options.name } : {}),
          ...(options.append ? { append: true } : {}),
          onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\rimporting: ${p.blocksImported} blocks verified (${p.file})\x1b[K`),
        }).catch((error) => {
          if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
          throw error instanceof ImportRefusedError ? new CliError(error.message, EXIT_INVALID) : error;
        });
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        const tip = result.digest.digestTipAddress;
        printLine(`imported ${result.blocksImported} blocks of strand ${result.strandId} as ledger ${result.ledgerName}`);
        printLine(`digest at block ${tip.sequenceNo}: ${Buffer.from(result.digest.digest).toString('base64')}`);
        return EXIT_OK;
      }),
    );
}
