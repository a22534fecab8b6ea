// `ledger revision <db> <sequenceNo> <documentId> [--tip N] [--json] [--key <file>]`: a document's
// revision committed in a block, bound to its block (the other entries reduced to their hashes),
// with the block's proof to the digest, as a proof file.
import type { Command } from 'commander';
import { revisionProofFile } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { EXIT_OK } from '../cli-error';
import { parseSequenceNo } from '../arguments';
import { withLedger } from '../ledger-location';
import { printLine } from '../output';
import { digestFor, proofFileOutput } from '../proven-output';
import type { ProvenCommandOptions } from './block.command';
import { DB_ARGUMENT, KEY_OPTION } from './help-texts';

export function registerRevision(program: Command, act: Act): void {
  program
    .command('revision')
    .description("Print a document's revision committed in a block, with its proof to the digest, as a proof file (Ion text).")
    .argument('<db>', DB_ARGUMENT)
    .argument('<sequenceNo>', 'the sequence number of the block that committed the revision')
    .argument('<documentId>', "the document's id")
    .option('--tip <sequenceNo>', 'prove against the digest at this block (default: the current tip)')
    .option('--json', 'print JSON instead of Ion text')
    .option('--key <file>', `${KEY_OPTION}; the proof file then carries the signed digest`)
    .action(
      act(async (db: string, sequenceText: string, documentId: string, options: ProvenCommandOptions) => {
        const sequenceNo = parseSequenceNo(sequenceText);
        const tip = options.tip === undefined ? undefined : parseSequenceNo(options.tip, '--tip');
        const text = await withLedger(db, async (ledger) => {
          const address = (n: number) => ({ strandId: ledger.strandId, sequenceNo: n });
          const proven = await ledger.getBlock(address(sequenceNo), tip === undefined ? undefined : address(tip));
          const digest = await digestFor(ledger, { tip: proven.digestTipAddress.sequenceNo, key: options.key });
          return revisionProofFile(proven, documentId, digest);
        });
        printLine(proofFileOutput(text, options.json ? 'json' : 'ion'));
        return EXIT_OK;
      }),
    );
}
