// `ledger verify <db> [--json] [--all] [--digest <b64> --tip N | --signed-digest <file>] [--witness
// <file>] [--public-key <file>] [--origin <origin>]`: re-hashes the whole journal, the tree, the
// current documents and the indexes, and with a digest kept elsewhere (plain, signed, or a witness's
// checkpoints) checks that the journal extends it; exit 0 when valid, 1 naming the first bad block
// and what broke (a truncation or a rewrite included).
import type { Command } from 'commander';
import { FileCheckpointWitness, OriginMismatchError, SignatureError, type Ledger, type TrustedDigest, type TrustedLedgerVerification } from 'nestjs-ledger';
import { parseProofFile } from 'nestjs-ledger/verify';
import type { Act } from '../cli-program';
import { CliError, EXIT_INVALID, EXIT_OK } from '../cli-error';
import { parseDigest, parseSequenceNo, workersOf } from '../arguments';
import { DB_ARGUMENT, WORKERS_OPTION } from './help-texts';
import { readText, withLedger } from '../ledger-location';
import { printLine } from '../output';
import { ProgressBar } from '../progress-bar';

interface VerifyCommandOptions {
  json?: boolean;
  all?: boolean;
  digest?: string;
  tip?: string;
  signedDigest?: string;
  witness?: string;
  publicKey?: string;
  origin?: string;
  workers?: string;
}

/** What the journal is checked against, read from the options before the ledger is opened. */
interface Trust {
  trusted?: TrustedDigest;
  witnessFile?: string;
  publicKey?: string;
  origin?: string;
}

export function registerVerify(program: Command, act: Act): void {
  program
    .command('verify')
    .description('Verify the whole ledger: every block, the hash chain, the tree, the documents and the indexes; and that it extends a digest kept elsewhere.')
    .argument('<db>', DB_ARGUMENT)
    .option('--json', 'print the result as JSON')
    .option('--all', 'list every problem instead of stopping at the first')
    .option('--digest <base64>', 'a digest obtained elsewhere that the journal must extend (with --tip)')
    .option('--tip <sequenceNo>', 'the tip block of --digest')
    .option('--signed-digest <file>', 'a signed checkpoint the journal must extend: the note, or a proof file from `ledger digest --signed`')
    .option('--witness <file>', 'a witness file of signed checkpoints, each of which the journal must extend')
    .option('--public-key <file>', "the ledger's Ed25519 public key (PEM, or a C2SP verifier key) for --signed-digest and --witness")
    .option('--workers <n>', WORKERS_OPTION)
    .option('--origin <origin>', "the origin the checkpoints must name (<ledger>/<strandId>); default: the note's own claim, with a warning")
    .action(act((db: string, options: VerifyCommandOptions) => verifyCommand(db, options)));
}

async function verifyCommand(db: string, options: VerifyCommandOptions): Promise<number> {
  const trust = readTrust(options);
  return withLedger(db, (ledger) => verify(ledger, trust, options));
}

function readTrust(options: VerifyCommandOptions): Trust {
  if ((options.digest === undefined) !== (options.tip === undefined)) throw new CliError('--digest and --tip go together: the digest you hold and the tip block it is at');
  if (options.digest !== undefined && options.signedDigest !== undefined) throw new CliError('give --digest or --signed-digest, not both');
  const needsKey = options.signedDigest !== undefined || options.witness !== undefined;
  if (needsKey && options.publicKey === undefined) throw new CliError("--signed-digest and --witness need --public-key <file>: the ledger's public key");
  if (!needsKey && (options.publicKey !== undefined || options.origin !== undefined)) throw new CliError('--public-key and --origin go with --signed-digest or --witness');
  const publicKey = options.publicKey === undefined ? undefined : readText(options.publicKey, 'public key').trim();
  const note = options.signedDigest === undefined ? undefined : signedNote(options.signedDigest);
  const origin = options.origin ?? claimedOrigin(note, options.witness);
  const trusted: TrustedDigest | undefined =
    options.digest !== undefined
      ? { digest: parseDigest(options.digest), tipSequenceNo: parseSequenceNo(options.tip as string, '--tip') }
      : note === undefined
        ? undefined
        : { signedDigest: note, publicKey: publicKey as string, ...(origin === undefined ? {} : { origin }) };
  return { trusted, witnessFile: options.witness, publicKey, origin };
}

/** The signed note in `file`: the note itself, or the signedDigest of a proof file. */
function signedNote(file: string): string {
  const text = readText(file, 'signed digest');
  if (!text.trimStart().startsWith('{')) return text;
  const { signedDigest } = parseProofFile(text);
  if (signedDigest === undefined) throw new CliError(`the proof file ${file} carries no signed digest`);
  return signedDigest;
}

/** The origin the note (or the witness's first entry) claims, announced on stderr as a claim. */
function claimedOrigin(note: string | undefined, witnessFile: string | undefined): string | undefined {
  const text = note ?? (witnessFile === undefined ? undefined : firstWitnessed(witnessFile));
  if (text === undefined) return undefined;
  const origin = text.split('\n')[0];
  const from = note === undefined ? `the first entry of the witness ${witnessFile}` : 'the signed note';
  process.stderr.write(`ledger: warning: the origin ${origin} is ${from}'s own claim; pass --origin <ledger>/<strandId> to check it\n`);
  return origin;
}

function firstWitnessed(file: string): string | undefined {
  const [line] = readText(file, 'witness').split('\n');
  if (line === '') return undefined;
  try {
    const note: unknown = JSON.parse(line);
    return typeof note === 'string' ? note : undefined;
  } catch {
    return undefined;
  }
}

async function verify(ledger: Ledger, trust: Trust, options: VerifyCommandOptions): Promise<number> {
  const witness = trust.witnessFile === undefined ? undefined : new FileCheckpointWitness(trust.witnessFile, { publicKey: trust.publicKey as string, origin: trust.origin ?? ledger.checkpointOrigin });
  const bar = new ProgressBar('verifying');
  let result: TrustedLedgerVerification;
  try {
    result = await ledger.verify({ all: options.all, onProgress: (p) => bar.update(p.blocksVerified, p.totalBlocks), trusted: trust.trusted, witness, ...workersOf(options) });
  } catch (error) {
    if (!(error instanceof SignatureError || error instanceof OriginMismatchError)) throw error;
    printLine(`${error.code}: ${error.message}`);
    process.stderr.write(`ledger: the signed digest does not verify: ${error.code} (${error.message})\n`);
    return EXIT_INVALID;
  } finally {
    bar.finish();
  }
  await printResult(ledger, result, options.json === true);
  return result.valid ? EXIT_OK : invalid(result);
}

async function printResult(ledger: Ledger, result: TrustedLedgerVerification, json: boolean): Promise<void> {
  const digest = result.valid ? await ledger.getDigest() : undefined;
  const first = result.problems[0];
  const checkpoints = result.checkpoints.map(({ source, digest, tipSequenceNo, extended }) => ({ source, digest: base64(digest), tipSequenceNo, extended }));
  if (json) {
    printLine(
      JSON.stringify({
        valid: result.valid,
        blocksVerified: result.blocksVerified,
        ...(first?.sequenceNo === undefined ? {} : { firstBadSequenceNo: first.sequenceNo }),
        problems: result.problems,
        ...(digest ? { digest: base64(digest.digest), digestTipAddress: digest.digestTipAddress } : {}),
        ...(checkpoints.length === 0 ? {} : { checkpoints }),
      }),
    );
  } else if (digest) {
    const tip = digest.digestTipAddress;
    printLine(`valid: ${result.blocksVerified} blocks verified on strand ${tip.strandId}; digest at block ${tip.sequenceNo}: ${base64(digest.digest)}`);
    for (const c of checkpoints) printLine(`extends ${c.source}: ${c.digest} at block ${c.tipSequenceNo}`);
  } else {
    for (const p of result.problems) printLine(`${located(p.sequenceNo)}${p.code}: ${p.message}`);
  }
}

function invalid(result: TrustedLedgerVerification): number {
  const first = result.problems[0];
  process.stderr.write(`ledger: the ledger does not verify: ${located(first.sequenceNo).replace(/: $/, ' ')}${first.code} (${first.message})\n`);
  return EXIT_INVALID;
}

function located(sequenceNo: number | undefined): string {
  return sequenceNo === undefined ? '' : `block ${sequenceNo}: `;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
