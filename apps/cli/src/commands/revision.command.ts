// `ledger revision <db> <sequenceNo> <documentId> [--tip N] [--json] [--key <file>]`: a document's
// revision committed in a block, bound to its block (the other entries reduced to their hashes),
// with the block's proof to the digest, as a proof file.
import type { Command } from 'commander';
import { revisionProofFile } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { EXIT_OK } from '../cli-error';
import { printProvenBlockFile, type ProvenCommandOptions } from '../proven-output';
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
        await printProvenBlockFile(db, sequenceText, options, (proven, digest) => revisionProofFile(proven, documentId, digest));
        return EXIT_OK;
      }),
    );
}
