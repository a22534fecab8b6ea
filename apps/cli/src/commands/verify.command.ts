// `ledger verify <db> [--json] [--all]`: re-hashes the whole journal, the tree, the current documents
// and the indexes; exit 0 when valid, 1 naming the first bad block and what broke.
import type { Command } from 'commander';
import type { Ledger, LedgerVerification } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { EXIT_INVALID, EXIT_OK } from '../cli-error';
import { DB_ARGUMENT } from './help-texts';
import { withLedger } from '../ledger-location';
import { printLine } from '../output';
import { ProgressBar } from '../progress-bar';

export function registerVerify(program: Command, act: Act): void {
  program
    .command('verify')
    .description('Verify the whole ledger: every block, the hash chain, the tree, the documents and the indexes.')
    .argument('<db>', DB_ARGUMENT)
    .option('--json', 'print the result as JSON')
    .option('--all', 'list every problem instead of stopping at the first')
    .action(act((db: string, options: { json?: boolean; all?: boolean }) => withLedger(db, (ledger) => verify(ledger, options))));
}

async function verify(ledger: Ledger, options: { json?: boolean; all?: boolean }): Promise<number> {
  const bar = new ProgressBar('verifying');
  let result: LedgerVerification;
  try {
    result = await ledger.verify({ all: options.all, onProgress: (p) => bar.update(p.blocksVerified, p.totalBlocks) });
  } finally {
    bar.finish();
  }
  const digest = result.valid ? await ledger.getDigest() : undefined;
  const first = result.problems[0];
  if (options.json) {
    printLine(
      JSON.stringify({
        valid: result.valid,
        blocksVerified: result.blocksVerified,
        ...(first?.sequenceNo === undefined ? {} : { firstBadSequenceNo: first.sequenceNo }),
        problems: result.problems,
        ...(digest ? { digest: Buffer.from(digest.digest).toString('base64'), digestTipAddress: digest.digestTipAddress } : {}),
      }),
    );
  } else if (digest) {
    const tip = digest.digestTipAddress;
    printLine(`valid: ${result.blocksVerified} blocks verified on strand ${tip.strandId}; digest at block ${tip.sequenceNo}: ${Buffer.from(digest.digest).toString('base64')}`);
  } else {
    for (const p of result.problems) printLine(`block ${p.sequenceNo ?? '?'}: ${p.code}: ${p.message}`);
  }
  if (result.valid) return EXIT_OK;
  process.stderr.write(`ledger: the ledger does not verify: block ${first.sequenceNo ?? '?'} ${first.code} (${first.message})\n`);
  return EXIT_INVALID;
}
