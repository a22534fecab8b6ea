// QLDB's GetDigest output taken as it is ({"Digest": "<base64>", "DigestTipAddress": {"IonText":
// "{strandId:\"...\",sequenceNo:N}"}}), read into the trusted digest an import checks against.
import { decodeBase64 } from '../crypto/strict-base64';
import { fromIon, isPlainObject } from '../ion';
import { InvalidArgumentError } from '../engine';
import type { TrustedImportDigest } from './journal-importer';

/** The digest and tip address of a GetDigest response's JSON text. */
export function parseQldbDigest(text: string): TrustedImportDigest {
  const fail = (why: string): never => {
    throw new InvalidArgumentError(`not QLDB's GetDigest output: ${why}`, why);
  };
  let response: unknown;
  try {
    response = JSON.parse(text);
  } catch {
    fail('the text is not JSON');
  }
  const { Digest, DigestTipAddress } = (isPlainObject(response) ? response : {}) as { Digest?: unknown; DigestTipAddress?: { IonText?: unknown } };
  const digest = typeof Digest === 'string' ? decodeBase64(Digest) : undefined;
  if (!digest || digest.length !== 32) fail('"Digest" must be the base64 of a 32-byte hash');
  const ionText = DigestTipAddress?.IonText;
  let tip: unknown;
  try {
    tip = typeof ionText === 'string' ? fromIon(ionText) : undefined;
  } catch {
    // reported below
  }
  const { strandId, sequenceNo } = (isPlainObject(tip) ? tip : {}) as { strandId?: unknown; sequenceNo?: unknown };
  if (typeof strandId !== 'string' || typeof sequenceNo !== 'number' || !Number.isSafeInteger(sequenceNo) || sequenceNo < 0) {
    fail('"DigestTipAddress.IonText" must be {strandId:"...",sequenceNo:N}');
  }
  return { digest: digest as Uint8Array, sequenceNo: sequenceNo as number, strandId: strandId as string };
}
