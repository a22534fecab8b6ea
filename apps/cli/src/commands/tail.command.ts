// `ledger tail <db> [--from N] [--kinds …] [--limit N] [--json]`: follows the journal as stream
// records (BLOCK_SUMMARY, REVISION_DETAILS, EVENT; QLDB's shapes), one Ion text (or JSON) line each:
// from block N, or only new commits by default, including those of other processes, until
// interrupted or `--limit` records were printed.
import type { Command } from 'commander';
import { STREAM_RECORD_TYPES, type IonValue, type Ledger, type StreamRecordType } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { CliError, EXIT_OK } from '../cli-error';
import { parseSequenceNo } from '../arguments';
import { withLedger } from '../ledger-location';
import { formatValue, printLine } from '../output';
import { DB_ARGUMENT } from './help-texts';

interface TailOptions {
  from?: string;
  kinds?: string;
  limit?: string;
  json?: boolean;
}

export function registerTail(program: Command, act: Act): void {
  program
    .command('tail')
    .description('Follow the journal as stream records, one per line, until interrupted.')
    .argument('<db>', DB_ARGUMENT)
    .option('--from <sequenceNo>', 'start at this block (default: only blocks committed from now on)')
    .option('--kinds <kinds>', `comma-separated record types (${STREAM_RECORD_TYPES.join(', ')}); default all`)
    .option('--limit <count>', 'stop after this many records')
    .option('--json', 'print JSON instead of Ion text')
    .action(act(async (db: string, options: TailOptions) => withLedger(db, (ledger) => tail(ledger, options))));
}

async function tail(ledger: Ledger, options: TailOptions): Promise<number> {
  const from = options.from === undefined ? 'now' : parseSequenceNo(options.from, '--from');
  const limit = options.limit === undefined ? Infinity : parseSequenceNo(options.limit, '--limit');
  const kinds = options.kinds?.split(',').map((k) => k.trim()) as StreamRecordType[] | undefined;
  if (kinds && !kinds.every((k) => STREAM_RECORD_TYPES.includes(k))) {
    throw new CliError(`--kinds takes ${STREAM_RECORD_TYPES.join(', ')}, not ${JSON.stringify(options.kinds)}`);
  }
  const records = ledger.streamIterator({ from, ...(kinds ? { kinds } : {}) });
  const stop = () => void records.return();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  // The ledger watches for commits with unreferenced timers: this keeps the process waiting for them.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    let printed = 0;
    while (printed < limit) {
      const next = await records.next();
      if (next.done) break;
      printLine(formatValue(next.value as unknown as IonValue, options.json ? 'json' : 'ion'));
      printed++;
    }
  } finally {
    clearInterval(keepAlive);
    process.off('SIGINT', stop).off('SIGTERM', stop);
    await records.return();
  }
  return EXIT_OK;
}
