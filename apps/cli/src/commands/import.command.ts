// `ledger import <dir> <db> [--name <ledger>] [--append] [--index Table.field]… [--digest <b64> --tip N |
// --digest-file <file>]`: imports an export (ours, or QLDB's ION_TEXT / ION_BINARY export) into a new ledger, or
// onto the ledger an earlier import made, verifying every block and the chain as it reads, and,
// given a digest kept elsewhere (QLDB's GetDigest output as it is, with --digest-file), that the
// imported journal's digest at its tip is that digest. Exit 1 when the export does not verify
// (naming the file and block) or does not reach or match the digest, 2 on usage or I/O errors;
// nothing is written either way.
import type { Command } from 'commander';
import { importJournal, ImportRefusedError, InvalidArgumentError, parseQldbDigest, type ImportResult, type TrustedImportDigest } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { parseDigest, parseSequenceNo, workersOf } from '../arguments';
import { CliError, EXIT_INVALID, EXIT_OK } from '../cli-error';
import { readText, storageOf } from '../ledger-location';
import { printLine } from '../output';
import { DB_ARGUMENT, WORKERS_OPTION } from './help-texts';

export function registerImport(program: Command, act: Act): void {
  program
    .command('import')
    .description('Import an export directory (this tool\'s or QLDB\'s) into a new ledger, verifying every block.')
    .argument('<dir>', 'the export directory (manifests and data files, at any depth)')
    .argument('<db>', `${DB_ARGUMENT}; a new file, or a schema holding no ledger`)
    .option('--name <ledger>', "the new ledger's name (default: the started manifest's ledgerName)")
    .option('--append', 'continue an existing ledger (an earlier import of the same journal) with the blocks after its tip')
    .option('--index <Table.field>', "an index to create on an imported table (QLDB's export carries none); repeat it for more", (spec: string, specs: string[]) => [...specs, spec], [])
    .option('--digest <base64>', 'a digest kept elsewhere that the imported journal must have at --tip')
    .option('--tip <sequenceNo>', 'the tip block of --digest')
    .option('--digest-file <file>', "QLDB's GetDigest output (JSON, as `aws qldb get-digest` prints it) the imported journal must match")
    .option('--workers <n>', WORKERS_OPTION)
    .option('--json', 'print the summary as one JSON object')
    .action(
      act(async (directory: string, db: string, options: ImportCliOptions) => {
        const trustedDigest = trustedDigestOf(options);
        const result = await importJournal(directory, storageOf(db), {
          ...(options.name ? { ledgerName: options.name } : {}),
          ...(options.append ? { append: true } : {}),
          ...(options.index?.length ? { indexes: options.index } : {}),
          ...(trustedDigest ? { trustedDigest } : {}),
          ...workersOf(options),
          onProgress: (p) => process.stderr.isTTY && process.stderr.write(`\rimporting: ${p.blocksImported} blocks verified (${p.file})\x1b[K`),
        }).catch((error) => {
          if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
          throw error instanceof ImportRefusedError ? new CliError(error.message, EXIT_INVALID) : error;
        });
        if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
        printImportSummary(result, trustedDigest, options.json === true);
        return EXIT_OK;
      }),
    );
}

/** What the import wrote: a line of text each, or one JSON object. */
function printImportSummary(result: ImportResult, trustedDigest: TrustedImportDigest | undefined, json: boolean): void {
  const digest = { sequenceNo: result.digest.digestTipAddress.sequenceNo, digest: Buffer.from(result.digest.digest).toString('base64') };
  if (json) {
    const { ledgerName, strandId, blocksImported } = result;
    printLine(JSON.stringify({ ledgerName, strandId, blocksImported, digest, matchesTrustedDigestAt: trustedDigest?.sequenceNo ?? null }));
    return;
  }
  printLine(`imported ${result.blocksImported} blocks of strand ${result.strandId} as ledger ${result.ledgerName}`);
  printLine(`digest at block ${digest.sequenceNo}: ${digest.digest}`);
  if (trustedDigest) printLine(`matches the trusted digest at block ${trustedDigest.sequenceNo}`);
}

interface ImportCliOptions {
  json?: boolean;
  name?: string;
  append?: boolean;
  index?: string[];
  digest?: string;
  tip?: string;
  digestFile?: string;
  workers?: string;
}

/** The digest kept elsewhere given by --digest/--tip or --digest-file, if any. */
function trustedDigestOf(options: ImportCliOptions): TrustedImportDigest | undefined {
  if ((options.digest === undefined) !== (options.tip === undefined)) throw new CliError('--digest and --tip go together: the digest you hold and the tip block it is at');
  if (options.digest !== undefined && options.digestFile !== undefined) throw new CliError('give --digest with --tip, or --digest-file, not both');
  if (options.digest !== undefined) return { digest: parseDigest(options.digest), sequenceNo: parseSequenceNo(options.tip as string, '--tip') };
  if (options.digestFile === undefined) return undefined;
  try {
    return parseQldbDigest(readText(options.digestFile, 'digest'));
  } catch (error) {
    throw error instanceof InvalidArgumentError ? new CliError(`${options.digestFile}: ${error.message}`) : error;
  }
}
