// Verification code in the style of QLDB's published samples (the DMV tutorial's GetDigest,
// GetBlock and GetRevision with their Verifier): proofs read from `{ IonText }` value holders with
// ion-js, folded with QLDB's pairwise hash join from a revision or block hash, and compared with the
// digest; and, as QLDB's Java tutorial did with Ion Hash, a revision's hash recomputed from its
// metadata and data, so a revision whose data was changed is refused though its hash folds. Only the
// client's import and constructor differ from code written for @aws-sdk/client-qldb.
// #region client
import { QLDB, type GetBlockResponse, type GetDigestResponse, type GetRevisionResponse, type ValueHolder } from 'nestjs-ledger/qldb-driver';
import { createHash } from 'node:crypto';
import { digest } from 'ion-hash-js';
import { dom, IonTypes, toBase64 } from 'ion-js';
// #endregion client

const HASH_LENGTH = 32;

// #region verifier
function compareHashValues(hash1: Uint8Array, hash2: Uint8Array): number {
  if (hash1.length !== HASH_LENGTH || hash2.length !== HASH_LENGTH) throw new Error('Invalid hash.');
  for (let i = hash1.length - 1; i >= 0; i--) {
    const difference = ((hash1[i] << 24) >> 24) - ((hash2[i] << 24) >> 24);
    if (difference !== 0) return difference;
  }
  return 0;
}

export function joinHashesPairwise(h1: Uint8Array, h2: Uint8Array): Uint8Array {
  if (h1.length === 0) return h2;
  if (h2.length === 0) return h1;
  const [first, second] = compareHashValues(h1, h2) < 0 ? [h1, h2] : [h2, h1];
  return createHash('sha256').update(first).update(second).digest();
}

function parseProof(valueHolder: ValueHolder): Uint8Array[] {
  return dom.load(valueHolder.IonText!)!.elements().map((proof) => proof.uInt8ArrayValue()!);
}

export function getBlobValue(value: dom.Value, path: string): Uint8Array | null {
  const attribute = value.get(path);
  return attribute !== null && attribute.getType() === IonTypes.BLOB ? attribute.uInt8ArrayValue() : null;
}

export function parseBlock(valueHolder: ValueHolder): Uint8Array {
  return getBlobValue(dom.load(valueHolder.IonText!)!, 'blockHash')!;
}

export function verifyDocument(documentHash: Uint8Array, digest: Uint8Array, proof: ValueHolder): boolean {
  const candidateDigest = parseProof(proof).reduce(joinHashesPairwise, documentHash);
  return toBase64(digest) === toBase64(candidateDigest);
}

/** True when the revision's hash is dot(H(metadata), H(data)), or H(metadata) for a deleted document; a redacted one carries dataHash. */
export function verifyRevisionHash(revision: dom.Value): boolean {
  const metadataHash = digest(revision.get('metadata'), 'sha256');
  const data = revision.get('data');
  const dataHash = data !== null ? digest(data, 'sha256') : getBlobValue(revision, 'dataHash');
  const expected = dataHash === null ? metadataHash : joinHashesPairwise(metadataHash, dataHash);
  return toBase64(expected) === toBase64(getBlobValue(revision, 'hash')!);
}

/** A copy of `original` with bit `bit` (0-7) of byte `byte` flipped. */
export function flipBit(original: Uint8Array, byte: number, bit: number): Uint8Array {
  const altered = Uint8Array.from(original);
  altered[byte] ^= 1 << bit;
  return altered;
}
// #endregion verifier

// #region verify-registration
export function blockAddressToValueHolder(value: dom.Value): ValueHolder {
  const blockAddress = value.get('blockAddress')!;
  const strandId = blockAddress.get('strandId')!.stringValue();
  const sequenceNo = blockAddress.get('sequenceNo')!.numberValue();
  return { IonText: `{strandId: "${strandId}", sequenceNo: ${sequenceNo}}` };
}

/** Verifies each revision found for a registration against a fresh digest, and that a flipped bit fails. */
export async function verifyRevisions(qldbClient: QLDB, ledgerName: string, revisions: dom.Value[]): Promise<number> {
  const digest: GetDigestResponse = await qldbClient.getDigest({ Name: ledgerName });
  let verified = 0;
  for (const result of revisions) {
    const revisionResponse: GetRevisionResponse = await qldbClient.getRevision({
      Name: ledgerName,
      BlockAddress: blockAddressToValueHolder(result),
      DocumentId: result.get('id')!.stringValue()!,
      DigestTipAddress: digest.DigestTipAddress,
    });
    const revision = dom.load(revisionResponse.Revision.IonText!)!;
    if (!verifyRevisionHash(revision)) throw new Error('Revision hash does not match its metadata and data.');
    const documentHash = getBlobValue(revision, 'hash')!;
    if (!verifyDocument(documentHash, digest.Digest, revisionResponse.Proof)) throw new Error('Document revision is not verified.');
    if (verifyDocument(flipBit(documentHash, 0, 0), digest.Digest, revisionResponse.Proof)) {
      throw new Error('Expected altered document hash to not be verified against digest.');
    }
    verified++;
  }
  return verified;
}

/** Verifies a block against a fresh digest, and that a flipped bit in the digest or the block hash fails. */
export async function verifyBlock(qldbClient: QLDB, ledgerName: string, blockAddress: ValueHolder): Promise<void> {
  const digest: GetDigestResponse = await qldbClient.getDigest({ Name: ledgerName });
  const block: GetBlockResponse = await qldbClient.getBlock({ Name: ledgerName, BlockAddress: blockAddress, DigestTipAddress: digest.DigestTipAddress });
  const blockHash = parseBlock(block.Block);
  if (!verifyDocument(blockHash, digest.Digest, block.Proof!)) throw new Error('Block is not verified!');
  if (verifyDocument(blockHash, flipBit(digest.Digest, 31, 7), block.Proof!)) throw new Error('Expected block to not be verified against altered digest.');
  if (verifyDocument(flipBit(blockHash, 5, 3), digest.Digest, block.Proof!)) throw new Error('Expected altered block hash to not be verified against digest.');
}
// #endregion verify-registration
