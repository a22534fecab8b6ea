// `ledger verify-proof <file> --digest <base64> [--tip N] [--public-key <file> --origin <origin>]`:
// checks a saved proof file offline (no database) against the digest and/or key you trust. It
// prints only what the checks bound to them; what the file merely claims is printed as a warning
// on stderr. Exit 0 valid, 1 not.
import type { Command } from 'commander';
import { verifyProofFile, type ProofFileVerification } from 'nestjs-ledger/verify';
import type { Act } from '../cli-program';
import { CliError, EXIT_INVALID, EXIT_OK } from '../cli-error';
import { parseDigest, parseSequenceNo } from '../arguments';
import { readText } from '../ledger-location';
import { printLine } from '../output';

interface VerifyProofOptions {
  digest?: string;
  tip?: string;
  publicKey?: string;
  origin?: string;
  allowUnbound?: boolean;
  json?: boolean;
}

export function registerVerifyProof(program: Command, act: Act): void {
  program
    .command('verify-proof')
    .description('Verify a saved proof file (from `ledger revision|block|digest|consistency` or an HTTP proof endpoint) offline.')
    .argument('<file>', 'the proof file (Ion text)')
    .option('--digest <base64>', 'the digest you trust (for a consistency proof: the older digest you hold)')
    .option('--tip <sequenceNo>', 'the tip block your trusted digest is at')
    .option('--public-key <file>', "the ledger's Ed25519 public key (PEM, or a C2SP verifier key): trusts the file's signed digest")
    .option('--origin <origin>', 'the origin the signed digest must name (<ledger>/<strandId>); default: the note\'s own claim, with a warning')
    .option('--allow-unbound', 'accept blocks that do not commit their address (QLDB blocks, or written before blocks did), as claims')
    .option('--json', 'print the result as JSON')
    .action(act(async (file: string, options: VerifyProofOptions) => verifyProof(file, options)));
}

function verifyProof(file: string, options: VerifyProofOptions): number {
  if (options.digest === undefined && options.publicKey === undefined) {
    throw new CliError('verify-proof needs --digest <base64> (the digest you trust) or --public-key <file>');
  }
  const trust = {
    ...(options.digest === undefined ? {} : { digest: parseDigest(options.digest) }),
    ...(options.tip === undefined ? {} : { tipSequenceNo: parseSequenceNo(options.tip, '--tip') }),
    ...(options.publicKey === undefined ? {} : { publicKey: readText(options.publicKey, 'public key').trim() }),
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    allowUnboundBlocks: options.allowUnbound === true,
  };
  const result = verifyProofFile(readText(file, 'proof'), trust);
  if (options.json) printJson(result);
  else if (result.valid) printLine(`valid: ${describeVerified(result)}`);
  else for (const p of result.problems) printLine(`${p.code}: ${p.message}`);
  if (result.valid) {
    for (const warning of result.warnings) process.stderr.write(`ledger: warning: ${warning}\n`);
    return EXIT_OK;
  }
  process.stderr.write(`ledger: the proof does not verify: ${result.problems[0].code} (${result.problems[0].message})\n`);
  return EXIT_INVALID;
}

function printJson(result: ProofFileVerification): void {
  const { valid, problems, verified, warnings, binding, file } = result;
  printLine(JSON.stringify({ valid, kind: file.kind, binding, verified, claimed: { digestTipAddress: file.digestTipAddress }, problems, warnings }));
}

/** One line of what was proven, naming only verified claims. */
function describeVerified(result: ProofFileVerification): string {
  const { file, verified } = result;
  const at = verified.tipSequenceNo === undefined ? '' : ` at block ${verified.tipSequenceNo}`;
  const strand = verified.strandId === undefined ? '' : ` on strand ${verified.strandId}`;
  const signed = result.checkpoint ? `, signed by the given key for ${verified.origin}` : '';
  const digest = `the digest ${Buffer.from(file.digest).toString('base64')}${at}${strand}${signed}`;
  switch (file.kind) {
    case 'digest':
      return digest;
    case 'consistency':
      return `${digest} extends the digest ${Buffer.from(file.oldDigest).toString('base64')} at block ${file.oldTipAddress.sequenceNo}`;
    case 'revision': {
      const m = file.block.revisions![file.revisionIndex].metadata!;
      return `the revision of document ${m.id} version ${m.version}${inBlock(result)} is proven by ${digest}`;
    }
    case 'event':
      return `event ${file.eventIndex}${inBlock(result)} is proven by ${digest}`;
    case 'block':
      return `block${inBlock(result)} is proven by ${digest}`;
  }
}

function inBlock(result: ProofFileVerification): string {
  const block = result.verified.block;
  if (!block) return ' in a block whose address is not committed';
  const time = block.blockTimestamp instanceof Date ? block.blockTimestamp.toISOString() : String(block.blockTimestamp);
  return ` in block ${block.blockAddress.sequenceNo} (transaction ${block.transactionId}, ${time})`;
}
