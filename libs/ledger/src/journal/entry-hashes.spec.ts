import { hashingVectors } from '../../../../test/support/vectors';
import { fromIon, ionHash, type IonStructObject } from '../ion';
import type { RevisionMetadata } from './block.types';
import { revisionHash } from './entry-hashes';

interface RevisionVector {
  metadata: string;
  data: string;
  hash: string;
  metadataHash: string;
  dataHash: string;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('revisionHash against the independent vectors', () => {
  const vectors = hashingVectors().revision as RevisionVector[];

  it('has vectors to check', () => {
    expect(vectors.length).toBeGreaterThan(0);
  });

  it.each(vectors)('hashes $data with $metadata', (vector) => {
    const metadata = fromIon(vector.metadata) as unknown as RevisionMetadata;
    const data = fromIon(vector.data) as IonStructObject;
    expect(hex(ionHash(metadata))).toBe(vector.metadataHash);
    expect(hex(ionHash(data))).toBe(vector.dataHash);
    expect(hex(revisionHash({ metadata, data }))).toBe(vector.hash);
    expect(hex(revisionHash({ metadata, dataHash: ionHash(data) }))).toBe(vector.hash);
  });
});
