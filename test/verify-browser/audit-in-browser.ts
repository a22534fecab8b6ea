// The docs' browser sample (docs/verification.md, "In a browser"): an auditor's page checks a proof
// file against the digest and public key it trusts. verify-browser.e2e-spec.ts bundles this file for
// the browser and calls audit() in headless Chromium on genuine and forged proof files.
// #region audit
import { decodeBase64, verifyProofFile } from 'nestjs-ledger/verify';

/** The verdict on a proof file (Ion text, e.g. from a file input) given what the auditor trusts. */
export function audit(proofFile: string, trusted: { digest: string; publicKey: string; origin: string }): string {
  const result = verifyProofFile(proofFile, {
    digest: decodeBase64(trusted.digest), // the base64 digest obtained elsewhere
    publicKey: trusted.publicKey, // the ledger's Ed25519 key: PEM or C2SP verifier key
    origin: trusted.origin, // the ledger the signed digest must name
  });
  if (!result.valid) return `refused: ${result.problems.map((p) => p.code).join(', ')}`;
  return `valid: block ${result.verified.block?.blockAddress.sequenceNo} of ${result.verified.origin}`;
}
// #endregion
