// `ledger consistency <db> --from <sequenceNo> [--tip N] [--json] [--key <file>]`: the proof that
// the digest at the tip (default: now) only appended to the digest at block --from, as a proof file
// that `ledger verify-proof --digest <the old digest you hold> --tip <from>` checks offline.
import type { Command } from 'commander';
import { consistencyProofFile } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { CliError, EXIT_OK } from '../cli-error';
import { parseSequenceNo } from '../arguments';
import { withLedger } from '../ledger-location';
import { printLine } from '../output';
import { digestFor, proofFileOutput, type ProvenCommandOptions } from '../proven-output';
import { DB_ARGUMENT, KEY_OPTION } from './help-texts';

export function registerConsistency(program: Command, act: Act): void {
  program
    .command('consistency')
    .description('Print the proof that the current digest (or the one at --tip) extends the digest at block --from, as a proof file.')
    .argument('<db>', DB_ARGUMENT)
    .option('--from <sequenceNo>', 'the tip block of the older digest you hold')
    .option('--tip <sequenceNo>', 'prove up to the digest at this block (default: the current tip)')
    .option('--json', 'print JSON instead of Ion text')
    .option('--key <file>', `${KEY_OPTION}; the proof file then carries the newer digest signed`)
    .action(
      act(async (db: string, options: ProvenCommandOptions & { from?: string }) => {
        if (options.from === undefined) throw new CliError('consistency needs --from <sequenceNo>: the tip block of the digest you hold');
        const from = parseSequenceNo(options.from, '--from');
        const tip = options.tip === undefined ? undefined : parseSequenceNo(options.tip, '--tip');
        const text = await withLedger(db, async (ledger) => {
          const address = (n: number) => ({ strandId: ledger.strandId, sequenceNo: n });
          const { oldDigest, newDigest, proof } = await ledger.getConsistencyProof(address(from), tip === undefined ? undefined : address(tip));
          const digest = await digestFor(ledger, { tip: newDigest.digestTipAddress.sequenceNo, key: options.key });
          return consistencyProofFile(oldDigest, proof, digest);
        });
        printLine(proofFileOutput(text, options.json ? 'json' : 'ion'));
        return EXIT_OK;
      }),
    );
}
