// The Ed25519 key pair that signs the bank's digests: SIGNING_KEY when given, otherwise the key in
// DATA_DIR/signing-key.pem, generated on first start (readable by its owner only) and reused after.
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BankConfig } from './bank-config';
import { BankConfigError } from './bank-config.error';

export class SigningKeys {
  constructor(
    readonly privateKey: KeyObject,
    /** Where the private key was read from or written to (undefined when it came from SIGNING_KEY). */
    readonly file: string | undefined,
  ) {}

  /** The public key (SPKI PEM) that verifies the bank's signed digests. */
  get publicKeyPem(): string {
    return createPublicKey(this.privateKey).export({ type: 'spki', format: 'pem' }) as string;
  }
}

/** The bank's signing keys for `config`, creating the key file on first start. */
export function loadSigningKeys(config: BankConfig): SigningKeys {
  if (config.signingKey !== undefined) return new SigningKeys(ed25519PrivateKey(config.signingKey, 'SIGNING_KEY'), undefined);
  const file = join(config.dataDir, 'signing-key.pem');
  return new SigningKeys(ed25519PrivateKey(readOrCreate(file), file), file);
}

function ed25519PrivateKey(pem: string, source: string): KeyObject {
  let key: KeyObject | undefined;
  try {
    key = createPrivateKey(pem);
  } catch {
    key = undefined;
  }
  if (key?.asymmetricKeyType !== 'ed25519') throw new BankConfigError(`${source} must hold an Ed25519 private key in PEM (PKCS #8)`, source);
  return key;
}

function readOrCreate(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  mkdirSync(join(file, '..'), { recursive: true });
  try {
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
    return pem;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8'); // another process made it first
    throw error;
  }
}
