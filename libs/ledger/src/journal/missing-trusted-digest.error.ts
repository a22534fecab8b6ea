// Thrown when a proof is to be verified without anything to trust: no digest and no public key.
import { LedgerError } from '../errors';

export class MissingTrustedDigestError extends LedgerError {
  readonly code = 'MISSING_TRUSTED_DIGEST';

  constructor(value?: unknown) {
    super(
      value === undefined
        ? 'verifying a proof needs the digest you trust (a 32-byte hash, e.g. from getDigest) or the public key that signs the ledger\'s digests'
        : 'the trusted digest must be a 32-byte hash',
      value,
    );
  }
}
