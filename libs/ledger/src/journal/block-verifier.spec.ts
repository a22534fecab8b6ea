import { foldProof, LedgerTree } from '../crypto';
import { ionHash } from '../ion';
import type { Block } from './block.types';
import { entriesBinding, verifyBlock } from './block-verifier';
import { verifyChain } from './chain-verifier';
import { eventProof, revisionProof } from './entry-proofs';
import { eventHash, headerEntryHash, revisionHash, statementDigest } from './entry-hashes';
import { dot, merkleRoot } from '../crypto';
import { ProofTargetNotFoundError } from './proof-target-not-found.error';
import { buildTestJournal, docId } from './test-journal.fixture';

function codesOf(block: Block): string[] {
  return verifyBlock(block).problems.map((p) => p.code);
}

function flipByte(bytes: Uint8Array, index = 0): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[index] ^= 0x01;
  return copy;
}

describe('buildBlock', () => {
  const journal = buildTestJournal();

  it('builds blocks that verify, chained from an empty genesis previousBlockHash', () => {
    for (const block of journal) expect(verifyBlock(block)).toEqual({ valid: true, problems: [] });
    expect(journal[0].previousBlockHash).toHaveLength(0);
    expect(journal[0].blockHash).toEqual(journal[0].entriesHash);
    expect(verifyChain(journal)).toEqual({ valid: true, problems: [] });
  });

  it('orders entries: revisions root, H(transactionInfo), events root, then the header entry', () => {
    const block = journal[2];
    expect(block.entriesHashList).toHaveLength(4);
    expect(block.entriesHashList[0]).toEqual(block.revisions![0].hash);
    expect(block.entriesHashList[1]).toEqual(ionHash(block.transactionInfo));
    const { strandId, sequenceNo } = block.blockAddress;
    const header = { blockAddress: { strandId, sequenceNo }, transactionId: block.transactionId, blockTimestamp: block.blockTimestamp };
    expect(block.entriesHashList[3]).toEqual(ionHash(header));
    expect(journal[4].entriesHashList).toEqual([ionHash(journal[4].transactionInfo), headerEntryHash(journal[4])]);
    expect(journal[4].revisions).toBeUndefined();
    expect(journal.map((block) => entriesBinding(block))).toEqual(journal.map(() => 'header'));
  });

  it('hashes revisions as dot(H(metadata), H(data)), and deleted ones as H(metadata)', () => {
    const deleted = journal[3].revisions![0];
    expect(deleted.data).toBeUndefined();
    expect(deleted.hash).toEqual(ionHash(deleted.metadata!));
    const updated = journal[2].revisions![0];
    expect(updated.metadata).toEqual({ id: docId(2), version: 1, txTime: journal[2].blockTimestamp, txId: journal[2].transactionId });
    expect(revisionHash(updated)).toEqual(updated.hash);
  });

  it('digests statements with their parameters, so the same text with other values differs', () => {
    const [, first, second] = journal[1].transactionInfo.statements;
    expect(first.statement).toEqual(second.statement);
    expect(first.statementDigest).not.toEqual(second.statementDigest);
    expect(statementDigest('CREATE TABLE Vehicle')).toEqual(ionHash('CREATE TABLE Vehicle'));
  });

  it('records which statements changed each document', () => {
    expect(journal[1].transactionInfo.documents[docId(2)]).toEqual({
      tableName: 'Vehicle',
      tableId: 'TableVehicle0000000001',
      statements: [2],
    });
  });
});

describe('verifyBlock on tampered blocks', () => {
  const journal = buildTestJournal();
  const tamper = (sequenceNo: number, change: (b: Block) => void): Block => {
    const copy = structuredClone(journal[sequenceNo]);
    change(copy);
    return copy;
  };

  it.each([
    ['a byte of data', (b: Block) => (b.revisions![0].data!.VIN = 'VIN3'), 'REVISION_HASH_MISMATCH'],
    ['a number in data', (b: Block) => (b.revisions![0].data!.Miles = 31), 'REVISION_HASH_MISMATCH'],
    ['the metadata version', (b: Block) => (b.revisions![0].metadata!.version = 2), 'REVISION_HASH_MISMATCH'],
    ['the metadata time', (b: Block) => (b.revisions![0].metadata!.txTime = new Date(0)), 'REVISION_HASH_MISMATCH'],
    ['a revision hash', (b: Block) => (b.revisions![0].hash = flipByte(b.revisions![0].hash)), 'REVISION_HASH_MISMATCH'],
    ['a statement', (b: Block) => (b.transactionInfo.statements[0].statement = 'UPDATE Vehicle SET Miles = 0'), 'TRANSACTION_INFO_MISMATCH'],
    ['a statement digest', (b: Block) => (b.transactionInfo.statements[0].statementDigest = flipByte(b.transactionInfo.statements[0].statementDigest)), 'TRANSACTION_INFO_MISMATCH'],
    ['a document entry', (b: Block) => (b.transactionInfo.documents[docId(2)].statements = [1]), 'TRANSACTION_INFO_MISMATCH'],
    ['an event', (b: Block) => (b.events![1].vin = 'VIN9'), 'EVENTS_ROOT_MISMATCH'],
    ['a removed event', (b: Block) => b.events!.pop(), 'EVENTS_ROOT_MISMATCH'],
    ['a hash in entriesHashList', (b: Block) => (b.entriesHashList[1] = flipByte(b.entriesHashList[1])), 'ENTRIES_HASH_MISMATCH'],
    ['the entriesHash', (b: Block) => (b.entriesHash = flipByte(b.entriesHash, 31)), 'ENTRIES_HASH_MISMATCH'],
    ['the previous hash', (b: Block) => (b.previousBlockHash = flipByte(b.previousBlockHash)), 'BLOCK_HASH_MISMATCH'],
    ['the block hash', (b: Block) => (b.blockHash = flipByte(b.blockHash, 5)), 'BLOCK_HASH_MISMATCH'],
    ['the transaction id', (b: Block) => (b.transactionId = 'Tx99999999999999999999'), 'REVISION_OUT_OF_PLACE'],
    ['the revision address', (b: Block) => (b.revisions![0].blockAddress!.sequenceNo = 7), 'REVISION_OUT_OF_PLACE'],
  ])('altering %s is reported as %s with the sequenceNo', (_what, change, code) => {
    const result = verifyBlock(tamper(2, change));
    expect(result.valid).toBe(false);
    expect(result.problems.map((p) => p.code)).toContain(code);
    expect(result.problems.every((p) => p.sequenceNo === 2)).toBe(true);
  });

  it('rejects a genesis block with a previous hash, and a later block without one', () => {
    expect(codesOf(tamper(0, (b) => (b.previousBlockHash = b.blockHash)))).toContain('GENESIS_MISMATCH');
    expect(codesOf(tamper(1, (b) => (b.previousBlockHash = new Uint8Array(0))))).toContain('GENESIS_MISMATCH');
  });

  it.each([
    ['null', null],
    ['an empty struct', {}],
    ['a short block hash', { ...journal[1], blockHash: new Uint8Array(31) }],
    ['a string hash list', { ...journal[1], entriesHashList: ['abc'] }],
    ['a negative sequenceNo', { ...journal[1], blockAddress: { strandId: 's', sequenceNo: -1 } }],
    ['statements that are not a list', { ...journal[1], transactionInfo: { statements: 'x', documents: {} } }],
    ['a revision without hash', { ...journal[1], revisions: [{ data: {} }] }],
    ['events that are not structs', { ...journal[2], events: [1, 2] }],
  ])('reports %s as MALFORMED_BLOCK without throwing', (_what, value) => {
    const result = verifyBlock(value as unknown as Block);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'MALFORMED_BLOCK' })]);
  });

  it('accepts a redacted revision whose data was replaced by its hash', () => {
    const redacted = tamper(1, (b) => {
      const revision = b.revisions![0];
      revision.dataHash = ionHash(revision.data!);
      delete revision.data;
    });
    expect(verifyBlock(redacted)).toEqual({ valid: true, problems: [] });
    const forged = tamper(1, (b) => {
      b.revisions![0].dataHash = ionHash({ VIN: 'forged' });
      delete b.revisions![0].data;
    });
    expect(codesOf(forged)).toContain('REVISION_HASH_MISMATCH');
  });
});

describe('the entries binding', () => {
  const journal = buildTestJournal();
  /** The block rehashed after `change` to its entries list, as a forger holding no other secret would. */
  const relisted = (block: Block, change: (entries: Uint8Array[]) => Uint8Array[], edit: (b: Block) => void = () => {}): Block => {
    const copy = structuredClone(block);
    edit(copy);
    copy.entriesHashList = change([...copy.entriesHashList]);
    copy.entriesHash = merkleRoot(copy.entriesHashList);
    copy.blockHash = dot(copy.entriesHash, copy.previousBlockHash);
    return copy;
  };

  it('classifies a block without the header entry as exact, and one with unknown entries as membership', () => {
    expect(entriesBinding(relisted(journal[2], (e) => e.slice(0, -1)))).toBe('exact');
    expect(verifyBlock(relisted(journal[2], (e) => e.slice(0, -1))).valid).toBe(true);
    const qldbLike = relisted(journal[2], (e) => [ionHash('system entry'), ...e.slice(0, -1)]); // QLDB's lists end with H(transactionInfo)
    expect(verifyBlock(qldbLike).valid).toBe(true);
    expect(entriesBinding(qldbLike)).toBe('membership');
  });

  it('holds a block with its header entry to the exact list, in order', () => {
    const swapped = relisted(journal[2], (e) => [e[1], e[0], e[2], e[3]]);
    expect(codesOf(swapped)).toEqual(['ENTRIES_LIST_MISMATCH']);
    const extra = relisted(journal[2], (e) => [...e, ionHash('extra')]);
    expect(codesOf(extra)).toEqual(['ENTRIES_LIST_MISMATCH']);
  });

  it('holds a block with its header entry to one revision per document of transactionInfo', () => {
    const dropped = relisted(
      journal[1],
      (e) => [merkleRoot([journal[1].revisions![0].hash]), ...e.slice(1)],
      (b) => b.revisions!.splice(1, 1),
    );
    expect(codesOf(dropped)).toEqual(['DOCUMENTS_MISMATCH']);
  });

  it('refuses revision metadata whose txTime is not the block time, or that is not exactly {id, version, txTime, txId}', () => {
    const copy = structuredClone(journal[1]);
    copy.blockTimestamp = new Date(copy.blockTimestamp.valueOf() as number + 1);
    expect(codesOf(copy)).toContain('REVISION_OUT_OF_PLACE');
    const shaped = structuredClone(journal[1]);
    (shaped.revisions![0].metadata as unknown as Record<string, unknown>).extra = 1;
    expect(codesOf(shaped)).toEqual(['MALFORMED_BLOCK']);
  });

  it('commits the header: a block moved to another address, transaction or time no longer holds its header entry', () => {
    const header = headerEntryHash(journal[3]);
    expect(journal[3].entriesHashList[journal[3].entriesHashList.length - 1]).toEqual(header);
    const moved = structuredClone(journal[3]);
    moved.blockAddress.sequenceNo = 7;
    expect(headerEntryHash(moved)).not.toEqual(header);
    expect(entriesBinding(moved)).toBe('membership');
  });

  it('names a block, the genesis block included, whose last entry is a stale header entry', () => {
    const renamed = structuredClone(journal[0]);
    renamed.transactionId = 'Forged0000000000000000';
    expect(codesOf(renamed)).toEqual(['HEADER_MISMATCH']);
    expect(verifyChain([renamed, ...journal.slice(1)]).problems.map((p) => [p.code, p.sequenceNo])).toEqual([['HEADER_MISMATCH', 0]]);
    const retimed = structuredClone(journal[0]);
    retimed.blockTimestamp = new Date(Date.UTC(2031, 0, 1));
    expect(codesOf(retimed)).toEqual(['HEADER_MISMATCH']);
  });
});

describe('verifyChain', () => {
  const journal = buildTestJournal();

  it('names a missing block', () => {
    const result = verifyChain([journal[0], journal[1], journal[3], journal[4]]);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'SEQUENCE_GAP', sequenceNo: 3 })]);
  });

  it('names an out-of-order block', () => {
    const result = verifyChain([journal[0], journal[2], journal[1]]);
    expect(result.problems.map((p) => [p.code, p.sequenceNo])).toEqual([
      ['SEQUENCE_GAP', 2],
      ['SEQUENCE_OUT_OF_ORDER', 1],
    ]);
  });

  it('names a block from another chain', () => {
    const other = buildTestJournal();
    const forged = structuredClone(other[2]);
    forged.previousBlockHash = Uint8Array.from(forged.previousBlockHash);
    forged.previousBlockHash[0] ^= 1;
    const result = verifyChain([journal[0], journal[1], forged]);
    expect(result.problems.map((p) => [p.code, p.sequenceNo])).toContainEqual(['CHAIN_BROKEN', 2]);
  });

  it('names a chain that does not start at genesis, unless anchored', () => {
    expect(verifyChain(journal.slice(2)).problems).toEqual([expect.objectContaining({ code: 'SEQUENCE_GAP', sequenceNo: 2 })]);
    const anchor = { ...journal[1].blockAddress, blockHash: journal[1].blockHash };
    expect(verifyChain(journal.slice(2), anchor).valid).toBe(true);
  });

  it('names a block whose timestamp or transaction id was altered after an earlier block committed its header', () => {
    const retimed = structuredClone(journal[4]);
    retimed.blockTimestamp = new Date(Date.UTC(2031, 0, 1));
    expect(codesOf(retimed)).toEqual(['HEADER_MISMATCH']); // its list still ends with the header entry it was written with
    expect(verifyChain([...journal.slice(0, 4), retimed]).problems).toEqual([expect.objectContaining({ code: 'HEADER_MISMATCH', sequenceNo: 4 })]);
    const renamed = structuredClone(journal[4]);
    renamed.transactionId = 'Forged0000000000000000';
    expect(verifyChain([...journal.slice(0, 4), renamed]).problems.map((p) => p.code)).toEqual(['HEADER_MISMATCH']);
  });

  it('names a block on another strand', () => {
    const moved = structuredClone(journal[1]);
    moved.blockAddress.strandId = 'OtherStrand00000000000';
    moved.revisions!.forEach((r) => (r.blockAddress!.strandId = 'OtherStrand00000000000'));
    expect(verifyChain([journal[0], moved]).problems).toContainEqual(expect.objectContaining({ code: 'STRAND_MISMATCH', sequenceNo: 1 }));
  });
});

describe('entry proofs', () => {
  const journal = buildTestJournal();
  const tree = new LedgerTree();
  for (const block of journal) tree.append(block.blockHash);

  it('folds every revision to the digest at every later tip', () => {
    for (const block of journal) {
      for (const revision of block.revisions ?? []) {
        for (let tip = block.blockAddress.sequenceNo; tip < journal.length; tip++) {
          const blockProof = tree.inclusionProof(block.blockAddress.sequenceNo, tip);
          const proof = revisionProof(block, revision.metadata!.id, blockProof);
          expect(foldProof(revision.hash, proof)).toEqual(tree.digest(tip));
        }
      }
    }
  });

  it('folds every event to the digest', () => {
    const block = journal[2];
    const blockProof = tree.inclusionProof(2);
    block.events!.forEach((event, i) => {
      expect(foldProof(eventHash(event), eventProof(block, i, blockProof))).toEqual(tree.digest());
    });
  });

  it('does not fold an altered revision to the digest', () => {
    const revision = journal[1].revisions![1];
    const proof = revisionProof(journal[1], revision.metadata!.id, tree.inclusionProof(1));
    const forged = revisionHash({ ...revision, data: { VIN: 'VIN2', Miles: 6 } });
    expect(foldProof(forged, proof)).not.toEqual(tree.digest());
  });

  it('throws a typed error for a document or event the block does not hold', () => {
    expect(() => revisionProof(journal[1], docId(9), [])).toThrow(ProofTargetNotFoundError);
    expect(() => eventProof(journal[1], 0, [])).toThrow(/block 1 holds no event at index 0/);
  });
});
