// The QLDB client of nestjs-ledger/qldb-driver against verification code written in the style of
// QLDB's published samples (test/docs/examples/qldb-dmv/dmv-verifier.ts): responses in QLDB's shapes
// whose proofs fold to the digest, proofs at an older tip checked against that tip's digest, and
// forged responses (a changed proof hash, a dropped or added one, another revision's proof, changed
// data, another ledger's digest) refused by the same code. Bad requests are refused with typed errors.
import { Ledger, fromIon, InvalidArgumentError, ProofTargetNotFoundError, toIon } from 'nestjs-ledger';
import { isInvalidParameterException, isResourceNotFoundException, LedgerNameMismatchError, QLDB, type ValueHolder } from 'nestjs-ledger/qldb-driver';
import { dom } from 'ion-js';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../../libs/ledger/src/engine/test-ledger.fixture';
import { flipBit, getBlobValue, parseBlock, verifyDocument, verifyRevisionHash } from '../docs/examples/qldb-dmv/dmv-verifier';

const NAME = 'registry';

/** A proof's value holder with its hashes changed by `change`. */
function forgedProof(proof: ValueHolder, change: (hashes: Uint8Array[]) => Uint8Array[]): ValueHolder {
  const hashes = dom.load(proof.IonText!)!.elements().map((hash) => hash.uInt8ArrayValue()!);
  return { IonText: toIon(change(hashes), 'text') };
}

function address(sequenceNo: number, strandId: string): ValueHolder {
  return { IonText: `{strandId: "${strandId}", sequenceNo: ${sequenceNo}}` };
}

describe('the QLDB client: getDigest, getBlock, getRevision for QLDB’s verification code', () => {
  let ledger: Ledger;
  let qldb: QLDB;
  let ids: string[];
  let blocks: number[];

  beforeAll(async () => {
    ledger = await Ledger.open({ name: NAME, storage: storageAt(tempLedgerPath('control-plane')) });
    qldb = new QLDB({ ledger });
    await ledger.query('CREATE TABLE Vehicle');
    ids = [];
    for (const vin of ['VIN-A', 'VIN-B', 'VIN-C']) {
      const [{ documentId }] = await ledger.query<{ documentId: string }>('INSERT INTO Vehicle ?', { VIN: vin, Miles: 0 });
      ids.push(documentId);
    }
    await ledger.query('UPDATE Vehicle AS v SET v.Miles = 10 WHERE v.VIN = ?', 'VIN-A');
    blocks = await ledger.query<number>('SELECT VALUE h.blockAddress.sequenceNo FROM history(Vehicle) AS h WHERE h.metadata.id = ?', ids[0]);
  });
  afterAll(async () => {
    await ledger.close();
    await removeTempLedgers();
  });

  async function revisionResponse(documentIndex = 0, revisionIndex = 0, tip?: ValueHolder) {
    const digest = await qldb.getDigest({ Name: NAME });
    const sequenceNo = documentIndex === 0 ? blocks[revisionIndex] : (await ledger.query<number>('SELECT VALUE c.blockAddress.sequenceNo FROM _ql_committed_Vehicle AS c WHERE c.metadata.id = ?', ids[documentIndex]))[0];
    const response = await qldb.getRevision({ Name: NAME, BlockAddress: address(sequenceNo, ledger.strandId), DocumentId: ids[documentIndex], DigestTipAddress: tip ?? digest.DigestTipAddress });
    return { digest, response, revision: dom.load(response.Revision.IonText!)! };
  }

  it('answers in QLDB’s shapes: the digest as bytes, the tip, blocks and revisions as Ion text, exactly the ledger’s', async () => {
    const digest = await qldb.getDigest({ Name: NAME });
    const own = await ledger.getDigest();
    expect([digest.Digest, fromIon(digest.DigestTipAddress.IonText!)]).toEqual([own.digest, own.digestTipAddress]);
    const block = await qldb.getBlock({ Name: NAME, BlockAddress: address(blocks[1], ledger.strandId) });
    expect(block.Proof).toBeUndefined();
    expect(fromIon(block.Block.IonText!)).toEqual((await ledger.getBlock({ strandId: ledger.strandId, sequenceNo: blocks[1] })).block);
    const { response } = await revisionResponse();
    const own2 = await ledger.getRevision({ strandId: ledger.strandId, sequenceNo: blocks[0] }, ids[0], own.digestTipAddress);
    expect([fromIon(response.Revision.IonText!), fromIon(response.Proof.IonText!)]).toEqual([own2.revision, own2.proof]);
  });

  it('every revision and block verifies with the sample’s folding, and each revision hash with its metadata and data', async () => {
    for (const [documentIndex, revisionIndex] of [[0, 0], [0, 1], [1, 0], [2, 0]]) {
      const { digest, response, revision } = await revisionResponse(documentIndex, revisionIndex);
      expect([verifyRevisionHash(revision), verifyDocument(getBlobValue(revision, 'hash')!, digest.Digest, response.Proof)]).toEqual([true, true]);
    }
    const digest = await qldb.getDigest({ Name: NAME });
    for (const sequenceNo of [0, ...blocks]) {
      const block = await qldb.getBlock({ Name: NAME, BlockAddress: address(sequenceNo, ledger.strandId), DigestTipAddress: digest.DigestTipAddress });
      expect(verifyDocument(parseBlock(block.Block), digest.Digest, block.Proof!)).toBe(true);
    }
  });

  it('a proof to an older tip verifies against that tip’s digest, not the newer one', async () => {
    const old = await qldb.getDigest({ Name: NAME });
    await ledger.query('INSERT INTO Vehicle ?', { VIN: 'VIN-D', Miles: 0 });
    const { digest: newer, response, revision } = await revisionResponse(0, 1, old.DigestTipAddress);
    const hash = getBlobValue(revision, 'hash')!;
    expect([verifyDocument(hash, old.Digest, response.Proof), verifyDocument(hash, newer.Digest, response.Proof)]).toEqual([true, false]);
  });

  describe('forged responses are refused by the same code', () => {
    it('a proof with one hash changed, dropped, added or reordered', async () => {
      const { digest, response, revision } = await revisionResponse(0, 1);
      const hash = getBlobValue(revision, 'hash')!;
      const forgeries = [
        forgedProof(response.Proof, (hashes) => hashes.map((h, i) => (i === 0 ? flipBit(h, 31, 0) : h))),
        forgedProof(response.Proof, (hashes) => hashes.slice(0, -1)),
        forgedProof(response.Proof, (hashes) => [...hashes, hashes[0]]),
        forgedProof(response.Proof, (hashes) => [...hashes].reverse()),
      ];
      expect(forgeries.map((proof) => verifyDocument(hash, digest.Digest, proof))).toEqual([false, false, false, false]);
    });

    it('another revision’s hash with this proof, and this revision’s hash with another’s proof', async () => {
      const first = await revisionResponse(0, 0);
      const other = await revisionResponse(1, 0);
      const hash = (r: dom.Value) => getBlobValue(r, 'hash')!;
      expect(verifyDocument(hash(other.revision), first.digest.Digest, first.response.Proof)).toBe(false);
      expect(verifyDocument(hash(first.revision), first.digest.Digest, other.response.Proof)).toBe(false);
    });

    it('a revision whose data was changed keeps a folding hash, and fails its hash check', async () => {
      const { response } = await revisionResponse(0, 1);
      const forged = response.Revision.IonText!.replace('Miles:10', 'Miles:99');
      expect(forged).not.toBe(response.Revision.IonText);
      expect(verifyRevisionHash(dom.load(forged)!)).toBe(false);
    });

    it('a block with a changed blockHash, or a digest of another ledger', async () => {
      const other = await Ledger.open({ name: NAME, storage: storageAt(tempLedgerPath('other')) });
      await other.query('CREATE TABLE Vehicle');
      const otherDigest = await new QLDB({ ledger: other }).getDigest({ Name: NAME });
      const digest = await qldb.getDigest({ Name: NAME });
      const block = await qldb.getBlock({ Name: NAME, BlockAddress: address(blocks[0], ledger.strandId), DigestTipAddress: digest.DigestTipAddress });
      const blockHash = parseBlock(block.Block);
      expect([verifyDocument(flipBit(blockHash, 0, 1), digest.Digest, block.Proof!), verifyDocument(blockHash, otherDigest.Digest, block.Proof!)]).toEqual([false, false]);
      await other.close();
    });
  });

  describe('bad requests', () => {
    it('another ledger’s name: LedgerNameMismatchError, isResourceNotFoundException', async () => {
      const failure = await qldb.getDigest({ Name: 'vehicles' }).catch((error: unknown) => error);
      expect([failure instanceof LedgerNameMismatchError, isResourceNotFoundException(failure)]).toEqual([true, true]);
      expect((failure as Error).message).toMatch(/no ledger named "vehicles" here/);
    });

    it.each([
      ['not Ion', { IonText: '{strandId: ' }],
      ['not a struct', { IonText: '[1, 2]' }],
      ['missing', {}],
      ['of another strand, past the tip', { IonText: '{strandId: "x", sequenceNo: 999}' }],
    ])('a BlockAddress %s: InvalidArgumentError, isInvalidParameterException', async (_, blockAddress) => {
      const failure = await qldb.getBlock({ Name: NAME, BlockAddress: blockAddress as ValueHolder }).catch((error: unknown) => error);
      expect([failure instanceof InvalidArgumentError, isInvalidParameterException(failure)]).toEqual([true, true]);
    });

    it('a document with no revision in that block: ProofTargetNotFoundError, isInvalidParameterException', async () => {
      const digest = await qldb.getDigest({ Name: NAME });
      const failure = await qldb
        .getRevision({ Name: NAME, BlockAddress: address(blocks[0], ledger.strandId), DocumentId: ids[1], DigestTipAddress: digest.DigestTipAddress })
        .catch((error: unknown) => error);
      expect([failure instanceof ProofTargetNotFoundError, isInvalidParameterException(failure)]).toEqual([true, true]);
    });
  });
});
