// `ledger verify-proof <file> --digest <base64> [--public-key <file>]`: checks a saved proof file
// offline (no database): the revision or block hashes, the proof up to the digest, and the digest
// against the one given and/or the signature of the ledger's key. Exit 0 valid, 1 not.
import type { Command } from 'commander';
import { verifyProofFile, type ProofFile } from 'nestjs-ledger';
import type { Act } from '../cli-program';
import { CliError, EXIT_INVALID, EXIT_OK } from '../cli-error';
import { parseDigest } from '../arguments';
import { readText } from '../ledger-location';
import { printLine } from '../output';

interface VerifyProofOptions {
  digest?: string;
  publicKey?: string;
  json?: boolean;
}

export function registerVerifyProof(program: Command, act: Act): void {
  program
    .command('verify-proof')
    .description('Verify a saved proof file (from `ledger revision|block|digest` or an HTTP proof endpoint) offline.')
    .argument('<file>', 'the proof file (Ion text)')
    .option('--digest <base64>', 'the digest you trust, at the proof file\'s tip')
    .option('--public-key <file>', "the ledger's Ed25519 public key (PEM, or a C2SP verifier key): trusts the file's signed digest")
    .option('--json', 'print the result as JSON')
    .action(act(async (file: string, options: VerifyProofOptions) => verifyProof(file, options)));
}

function verifyProof(file: string, options: VerifyProofOptions): number {
  if (options.digest === undefined && options.publicKey === undefined) {
    throw new CliError('verify-proof needs --digest <base64> (the digest you trust) or --public-key <file>');
  }
  const digest = options.digest === undefined ? undefined : parseDigest(options.digest);
  const publicKey = options.publicKey === undefined ? undefined : readText(options.publicKey, 'public key').trim();
  const result = verifyProofFile(readText(file, 'proof'), { ...(digest ? { digest } : {}), ...(publicKey ? { publicKey } : {}) });
  if (options.json) {
    printLine(JSON.stringify({ valid: result.valid, kind: result.file.kind, digestTipAddress: result.file.digestTipAddress, problems: result.problems }));
  } else if (result.valid) {
    const digest = `the digest ${Buffer.from(result.file.digest).toString('base64')} at block ${result.file.digestTipAddress.sequenceNo}`;
    const signed = result.checkpoint ? ', signed by the given key' : '';
    printLine(result.file.kind === 'digest' ? `valid: ${digest}${signed}` : `valid: ${describe(result.file)} is proven by ${digest}${signed}`);
  } else {
    for (const p of result.problems) printLine(`${p.code}: ${p.message}`);
  }
  if (result.valid) return EXIT_OK;
  process.stderr.write(`ledger: the proof does not verify: ${result.problems[0].code} (${result.problems[0].message})\n`);
  return EXIT_INVALID;
}

function describe(file: ProofFile): string {
  if (file.kind === 'revision') {
    const m = file.revision.metadata!;
    return `the revision of document ${m.id} version ${m.version}`;
  }
  return `block ${(file as Extract<ProofFile, { kind: 'block' }>).block.blockAddress.sequenceNo}`;
}
