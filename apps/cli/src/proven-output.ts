// What the proof commands (digest, block, revision, event, consistency) share: the digest they prove
// to, the stored digest at the chosen tip (the current one by default) with the tip block's
// evidence, signed in the checkpoint-note format when a private key is given (`--key <file>`; for
// `digest --signed` also the file named by LEDGER_SIGNING_KEY_FILE), and printing a block's proof file.
import { fromIon, signDigest, type DigestLike, type Ledger, type ProvenBlockLike } from 'nestjs-ledger';
import { parseSequenceNo } from './arguments';
import { withLedger } from './ledger-location';
import { printLine } from './output';
import { CliError } from './cli-error';
import { readText } from './ledger-location';
import { formatValue, type ValueFormat } from './output';

export interface DigestOptions {
  tip?: number;
  key?: string;
  origin?: string;
}

/**
 * The digest at `options.tip` (default: now) with the tip block's evidence (which binds the tip
 * address) and its signed note when a key is given.
 */
export async function digestFor(ledger: Ledger, options: DigestOptions): Promise<DigestLike> {
  const stored =
    options.tip === undefined
      ? await ledger.getDigest()
      : (await ledger.getConsistencyProof({ strandId: ledger.strandId, sequenceNo: options.tip })).oldDigest;
  const digest = { ...stored, tip: await ledger.getTipProof(stored.digestTipAddress) };
  const keyFile = options.key;
  if (keyFile === undefined) return digest;
  const origin = options.origin ?? ledger.checkpointOrigin;
  const note = signDigest({ origin, treeSize: digest.digestTipAddress.sequenceNo + 1, digest: digest.digest }, readText(keyFile, 'private key'));
  return { ...digest, note };
}

/** Proof-file Ion text as the user asked to see it: as it is, or as one JSON line. */
export function proofFileOutput(text: string, format: ValueFormat): string {
  return format === 'json' ? formatValue(fromIon(text), 'json') : text.trimEnd();
}

/** The key file `--signed` signs with: `--key`, or LEDGER_SIGNING_KEY_FILE. */
export function signingKeyFile(key: string | undefined): string {
  const file = key ?? process.env.LEDGER_SIGNING_KEY_FILE;
  if (file === undefined) throw new CliError('--signed needs --key <file> (an Ed25519 private key in PEM) or LEDGER_SIGNING_KEY_FILE');
  return file;
}

/** What the block, revision and event commands take besides their arguments. */
export interface ProvenCommandOptions {
  tip?: string;
  json?: boolean;
  key?: string;
}

/**
 * Prints the proof file `write` makes of block `sequenceText` of the ledger `db`, proven to the
 * digest at `--tip` (default: now), signed when `--key` is given.
 */
export async function printProvenBlockFile(
  db: string,
  sequenceText: string,
  options: ProvenCommandOptions,
  write: (proven: ProvenBlockLike, digest: DigestLike) => string,
): Promise<void> {
  const sequenceNo = parseSequenceNo(sequenceText);
  const tip = options.tip === undefined ? undefined : parseSequenceNo(options.tip, '--tip');
  const text = await withLedger(db, async (ledger) => {
    const address = (n: number) => ({ strandId: ledger.strandId, sequenceNo: n });
    const proven = await ledger.getBlock(address(sequenceNo), tip === undefined ? undefined : address(tip));
    return write(proven, await digestFor(ledger, { tip: proven.digestTipAddress.sequenceNo, key: options.key }));
  });
  printLine(proofFileOutput(text, options.json ? 'json' : 'ion'));
}
