// Signed digests: a ledger digest as a C2SP checkpoint (body "<origin>\n<tree size>\n<base64
// digest>\n") in a signed note with an Ed25519 signature, and its verification. Keys are read to
// raw bytes (ed25519-key.ts) and used by the Ed25519 implementation in place (ed25519.ts).
import { describeValue } from '../errors';
import { ed25519Implementation } from './ed25519';
import { toPrivateKey, toPublicKey, type Ed25519KeyInput } from './ed25519-key';
import { checkHash, HASH_LENGTH, hashesEqual } from './hash';
import { encodeHex } from './hex';
import { isKeyName, noteVerifier, parseVerifierKey, type NoteVerifier } from './note-verifier-key';
import { formatSignatureLine, parseSignedNote } from './signed-note';
import { decodeBase64, encodeBase64 } from './strict-base64';
import { InvalidCheckpointError } from './errors/invalid-checkpoint.error';
import { InvalidKeyError } from './errors/invalid-key.error';
import { OriginMismatchError } from './errors/origin-mismatch.error';
import { SignatureError } from './errors/signature.error';

const ED25519_SIGNATURE_LENGTH = 64;
const utf8Encoder = new TextEncoder();

/** What a signed digest states: the ledger (origin) had `treeSize` blocks with this digest. */
export interface LedgerCheckpoint {
  /** Names the ledger, e.g. `example.com/ledgers/orders`; the key name defaults to it. */
  readonly origin: string;
  /** The number of blocks covered, i.e. the digest's tip sequenceNo + 1. */
  readonly treeSize: number;
  readonly digest: Uint8Array;
}

export interface SignedDigestOptions {
  /** The key name in the signature line; defaults to the origin. */
  readonly keyName?: string;
}

export interface VerifySignedDigestOptions extends SignedDigestOptions {
  /**
   * The origin the verifier expects (the ledger and strand it audits). A note for another origin
   * is refused with OriginMismatchError even when its signature is genuine. Leave it out only
   * when the note's own claim is acceptable, and say so to whoever reads the result.
   */
  readonly origin?: string;
}

/** The checkpoint signed with `privateKey` (Ed25519, KeyObject or PEM), as a signed note. */
export function signDigest(
  checkpoint: LedgerCheckpoint,
  privateKey: Ed25519KeyInput,
  options: SignedDigestOptions = {},
): string {
  const text = formatCheckpoint(checkpoint);
  const key = toPrivateKey(privateKey);
  const verifier = noteVerifier(options.keyName ?? checkpoint.origin, key.publicKey);
  const signature = ed25519Implementation().sign(key.seed, utf8(text));
  return `${text}\n${formatSignatureLine(verifier.name, verifier.keyId, signature)}`;
}

/**
 * The checkpoint in `note` if it carries a valid signature by `publicKey`: a KeyObject or PEM
 * (under the key name `options.keyName`, by default the note's origin) or a C2SP verifier key
 * string (which names the key itself). Signatures by other keys are ignored, as the format
 * requires. Throws SignatureError when no signature by the key verifies or the note is malformed,
 * and OriginMismatchError when `options.origin` is given and the note names another origin.
 */
export function verifySignedDigest(
  note: string,
  publicKey: Ed25519KeyInput,
  options: VerifySignedDigestOptions = {},
): LedgerCheckpoint {
  const verifierOf = verifierFor(publicKey, options);
  const { text, signatures } = parseSignedNote(note);
  const lines = text.split('\n');
  const verifier = verifierOf(lines[0]);
  const byKey = signatures.filter((s) => s.name === verifier.name && hashesEqual(s.keyId, verifier.keyId));
  if (byKey.length === 0) {
    throw new SignatureError(`the note has no signature by the key ${verifier.name} (key ID ${encodeHex(verifier.keyId)})`);
  }
  for (const { signature } of byKey) {
    if (!verifySignature(text, verifier.publicKey, signature)) {
      throw new SignatureError(`the signature by ${verifier.name} does not match the note's text`);
    }
  }
  const checkpoint = parseCheckpoint(lines);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) throw new OriginMismatchError(options.origin, checkpoint.origin);
  return checkpoint;
}

/** Reads the key before the note, so a bad key is an InvalidKeyError whatever the note holds. */
function verifierFor(key: Ed25519KeyInput, { keyName }: SignedDigestOptions): (origin: string) => NoteVerifier {
  if (typeof key === 'string' && !key.startsWith('-----BEGIN')) {
    const verifier = parseVerifierKey(key);
    if (keyName !== undefined && keyName !== verifier.name) {
      throw new InvalidKeyError(`options.keyName ${describeValue(keyName)} differs from the verifier key's name ${verifier.name}`);
    }
    return () => verifier;
  }
  const publicKey = toPublicKey(key);
  if (keyName !== undefined) {
    const verifier = noteVerifier(keyName, publicKey);
    return () => verifier;
  }
  return (origin) => {
    if (!isKeyName(origin)) throw new SignatureError(`the note's origin ${describeValue(origin)} cannot name a signing key`);
    return noteVerifier(origin, publicKey);
  };
}

function verifySignature(text: string, publicKey: Uint8Array, signature: Uint8Array): boolean {
  return signature.length === ED25519_SIGNATURE_LENGTH && ed25519Implementation().verify(publicKey, utf8(text), signature);
}

function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

function formatCheckpoint({ origin, treeSize, digest }: LedgerCheckpoint): string {
  if (typeof origin !== 'string' || origin === '' || /\p{Cc}/u.test(origin)) {
    throw new InvalidCheckpointError(`the origin ${describeValue(origin)} must be a non-empty line of text`, origin);
  }
  if (!(Number.isSafeInteger(treeSize) && treeSize > 0)) {
    throw new InvalidCheckpointError(`the tree size ${describeValue(treeSize)} must be a positive integer`, treeSize);
  }
  return `${origin}\n${treeSize}\n${encodeBase64(checkHash(digest, 'the digest'))}\n`;
}

/** The checkpoint in a verified note's text, split into lines (the last one empty). */
function parseCheckpoint(lines: readonly string[]): LedgerCheckpoint {
  const [origin, size, digestText] = lines;
  const treeSize = /^[1-9][0-9]*$/.test(size ?? '') ? Number(size) : NaN;
  const digest = decodeBase64(digestText ?? '');
  if (lines.length !== 4 || origin === '' || !Number.isSafeInteger(treeSize) || digest?.length !== HASH_LENGTH) {
    throw new SignatureError('the signed note is not a ledger checkpoint "<origin>\\n<tree size>\\n<base64 digest>\\n"');
  }
  return { origin, treeSize, digest };
}
