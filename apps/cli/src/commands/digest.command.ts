// `ledger digest <db> [--signed --key <file>] [--tip N] [--json]`: the ledger's digest as a proof file
// (Ion text), signed as a C2SP checkpoint note with the given Ed25519 key.
import type { Command } from 'commander';
import { digestProofFile } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { EXIT_OK } from '../cli-error';
import { parseSequenceNo } from '../arguments';
import { withLedger } from '../ledger-location';
import { printLine } from '../output';
import { digestFor, proofFileOutput, signingKeyFile } from '../proven-output';
import { DB_ARGUMENT, KEY_OPTION } from './help-texts';

interface DigestCommandOptions {
  signed?: boolean;
  key?: string;
  origin?: string;
  tip?: string;
  json?: boolean;
}

export function registerDigest(program: Command, act: Act): void {
  program
    .command('digest')
    .description('Print the digest of the journal (at its tip, or at --tip) as a proof file.')
    .argument('<db>', DB_ARGUMENT)
    .option('--signed', 'sign the digest (needs --key or LEDGER_SIGNING_KEY_FILE)')
    .option('--key <file>', KEY_OPTION)
    .option('--origin <origin>', "the signed checkpoint's origin line (default: <the ledger's name>/<strandId>)")
    .option('--tip <sequenceNo>', 'the digest at this earlier block')
    .option('--json', 'print JSON instead of Ion text')
    .action(
      act(async (db: string, options: DigestCommandOptions) => {
        const key = options.signed ? signingKeyFile(options.key) : undefined;
        const tip = options.tip === undefined ? undefined : parseSequenceNo(options.tip, '--tip');
        const digest = await withLedger(db, (ledger) => digestFor(ledger, { tip, key, origin: options.origin }));
        printLine(proofFileOutput(digestProofFile(digest), options.json ? 'json' : 'ion'));
        return EXIT_OK;
      }),
    );
}
