// `ledger block <db> <sequenceNo> [--tip N] [--json] [--key <file>]`: a block with its proof to the
// digest, as a proof file that `ledger verify-proof` checks offline.
import type { Command } from 'commander';
import { blockProofFile } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { EXIT_OK } from '../cli-error';
import { printProvenBlockFile, type ProvenCommandOptions } from '../proven-output';
import { DB_ARGUMENT, KEY_OPTION } from './help-texts';

export function registerBlock(program: Command, act: Act): void {
  program
    .command('block')
    .description('Print a block with its proof to the digest, as a proof file (Ion text).')
    .argument('<db>', DB_ARGUMENT)
    .argument('<sequenceNo>', "the block's sequence number")
    .option('--tip <sequenceNo>', 'prove against the digest at this block (default: the current tip)')
    .option('--json', 'print JSON instead of Ion text')
    .option('--key <file>', `${KEY_OPTION}; the proof file then carries the signed digest`)
    .action(
      act(async (db: string, sequenceText: string, options: ProvenCommandOptions) => {
        await printProvenBlockFile(db, sequenceText, options, blockProofFile);
        return EXIT_OK;
      }),
    );
}
