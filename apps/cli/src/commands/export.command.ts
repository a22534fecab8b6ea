// `ledger export <db> <dir> [--format ion-text|ion-binary|json] [--from <time>] [--to <time>]`: the
// journal in QLDB's export layout, with progress on a terminal; prints the export id, the files and
// the digest at the last exported block.
import type { Command } from 'commander';
import { EXPORT_FORMATS, exportJournal, type ExportFormat, type ExportResult } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { CliError, EXIT_OK } from '../cli-error';
import { parseTime, workersOf } from '../arguments';
import { withLedger } from '../ledger-location';
import { printLine } from '../output';
import { ProgressBar } from '../progress-bar';
import { DB_ARGUMENT, WORKERS_OPTION } from './help-texts';

interface ExportCommandOptions {
  format: string;
  from?: string;
  to?: string;
  maxFileBytes?: string;
  workers?: string;
  json?: boolean;
}

export function registerExport(program: Command, act: Act): void {
  program
    .command('export')
    .description("Export the journal into <dir> in QLDB's export layout (manifests and data files of whole blocks).")
    .argument('<db>', DB_ARGUMENT)
    .argument('<dir>', 'the directory to write (created when missing; must hold no other export)')
    .option('--format <format>', EXPORT_FORMATS.join(' | '), 'ion-text')
    .option('--from <time>', 'only blocks committed at or after this ISO 8601 time')
    .option('--to <time>', 'only blocks committed before this ISO 8601 time')
    .option('--max-file-bytes <bytes>', 'start a new data file past this size', String(8 * 1024 * 1024))
    .option('--workers <n>', WORKERS_OPTION)
    .option('--json', 'print the summary as one JSON object')
    .action(
      act(async (db: string, directory: string, options: ExportCommandOptions) => {
        if (!EXPORT_FORMATS.includes(options.format as ExportFormat)) throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not ${JSON.stringify(options.format)}`);
        const maxFileBytes = Number(options.maxFileBytes);
        if (!Number.isSafeInteger(maxFileBytes) || maxFileBytes < 1) throw new CliError(`--max-file-bytes must be a positive integer, not ${JSON.stringify(options.maxFileBytes)}`);
        const bar = new ProgressBar('exporting');
        const result = await withLedger(db, (ledger) =>
          exportJournal(ledger, directory, {
            format: options.format as ExportFormat,
            maxFileBytes,
            ...workersOf(options),
            ...(options.from ? { fromTime: parseTime(options.from, '--from') } : {}),
            ...(options.to ? { toTime: parseTime(options.to, '--to') } : {}),
            onProgress: (p) => bar.update(p.sequenceNo + 1, p.tipSequenceNo + 1),
          }).finally(() => bar.finish()),
        );
        printExportSummary(result, options.json === true);
        return EXIT_OK;
      }),
    );
}

/** What the export wrote: a line of text each, or one JSON object. */
function printExportSummary(result: ExportResult, json: boolean): void {
  const digest = result.digest && { sequenceNo: result.digest.digestTipAddress.sequenceNo, digest: Buffer.from(result.digest.digest).toString('base64') };
  if (json) {
    const { exportId, strandId, blocksExported, firstSequenceNo, lastSequenceNo, keys } = result;
    printLine(JSON.stringify({ exportId, strandId, blocksExported, firstSequenceNo: firstSequenceNo ?? null, lastSequenceNo: lastSequenceNo ?? null, files: keys, digest: digest ?? null }));
    return;
  }
  printLine(`exported ${result.blocksExported} blocks (${result.firstSequenceNo ?? '-'}..${result.lastSequenceNo ?? '-'}) of strand ${result.strandId} as export ${result.exportId} into ${result.keys.length} file${result.keys.length === 1 ? '' : 's'}`);
  if (digest) printLine(`digest at block ${digest.sequenceNo}: ${digest.digest}`);
}
