// `ledger event <db> <sequenceNo> <index> [--tip N] [--json] [--key <file>]`: the event at `index`
// of a block, bound to its block (the other entries reduced to hashes), with the block's proof to
// the digest, as a proof file that `ledger verify-proof` checks offline.
import type { Command } from 'commander';
import { eventProofFile } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { EXIT_OK } from '../cli-error';
import { parseSequenceNo } from '../arguments';
import { printProvenBlockFile, type ProvenCommandOptions } from '../proven-output';
import { DB_ARGUMENT, KEY_OPTION } from './help-texts';

export function registerEvent(program: Command, act: Act): void {
  program
    .command('event')
    .description("Print an event committed in a block, with its proof to the digest, as a proof file (Ion text).")
    .argument('<db>', DB_ARGUMENT)
    .argument('<sequenceNo>', 'the sequence number of the block that committed the event')
    .argument('<index>', "the event's index among the block's events, from 0")
    .option('--tip <sequenceNo>', 'prove against the digest at this block (default: the current tip)')
    .option('--json', 'print JSON instead of Ion text')
    .option('--key <file>', `${KEY_OPTION}; the proof file then carries the signed digest`)
    .action(
      act(async (db: string, sequenceText: string, indexText: string, options: ProvenCommandOptions) => {
        const index = parseSequenceNo(indexText, 'index');
        await printProvenBlockFile(db, sequenceText, options, (proven, digest) => eventProofFile(proven, index, digest));
        return EXIT_OK;
      }),
    );
}
