// Verifies one journal block the way QLDB's published verifiers do: every entry it can recompute
// (transactionInfo, revisions, events, redactionInfo) must be a member of entriesHashList, whose
// Merkle root is entriesHash, which chained with previousBlockHash gives blockHash. Membership (not
// position) is checked, so a real QLDB block carrying extra system entries verifies too.
import { dot, merkleRoot } from '../crypto';
import { ionHash, isPlainObject } from '../ion';
import type { Block, Revision } from './block.types';
import { bytesEqual, isHash } from './bytes';
import { eventHash, revisionHash } from './entry-hashes';
import { resultOf, type VerificationProblem, type VerificationResult } from './verification-result';

/** Checks every hash in `block`; never throws on malformed input, reports it instead. */
export function verifyBlock(block: Block): VerificationResult {
  return resultOf(blockProblems(block));
}

/** The problems of one block, each stamped with its sequenceNo when known. */
export function blockProblems(block: Block): VerificationProblem[] {
  const malformed = shapeProblem(block);
  const sequenceNo = isPlainObject(block?.blockAddress) ? (block.blockAddress.sequenceNo as number) : undefined;
  if (malformed) return [{ code: 'MALFORMED_BLOCK', message: malformed, sequenceNo }];
  const problems: Omit<VerificationProblem, 'sequenceNo'>[] = [
    ...transactionInfoProblems(block),
    ...revisionProblems(block),
    ...eventProblems(block),
    ...redactionProblems(block),
    ...hashChainProblems(block),
  ];
  return problems.map((p) => ({ ...p, sequenceNo }));
}

type Problem = Omit<VerificationProblem, 'sequenceNo'>;

/** The statements' parameters are not in the block, so only H(transactionInfo) as a whole can be checked. */
function transactionInfoProblems(block: Block): Problem[] {
  if (inEntries(block, ionHash(block.transactionInfo))) return [];
  return [
    {
      code: 'TRANSACTION_INFO_MISMATCH',
      message: 'H(transactionInfo) is not in entriesHashList: a statement or document entry was altered',
    },
  ];
}

function revisionProblems(block: Block): Problem[] {
  const revisions = block.revisions ?? [];
  const problems: Problem[] = revisions.flatMap((r, i) => oneRevisionProblems(block, r, i));
  if (revisions.length && !inEntries(block, merkleRoot(revisions.map((r) => r.hash)))) {
    problems.push({
      code: 'REVISIONS_ROOT_MISMATCH',
      message: 'the Merkle root of the revision hashes is not in entriesHashList',
    });
  }
  return problems;
}

function oneRevisionProblems(block: Block, revision: Revision, index: number): Problem[] {
  if (revision.metadata === undefined) return []; // a QLDB system revision: only its hash is known
  const id = revision.metadata.id;
  const problems: Problem[] = [];
  if (!bytesEqual(revisionHash(revision), revision.hash)) {
    problems.push({
      code: 'REVISION_HASH_MISMATCH',
      message: `revision ${index} (document ${id}, version ${revision.metadata.version}) does not hash to its hash: its data or metadata was altered`,
    });
  }
  const address = revision.blockAddress;
  const misplaced =
    revision.metadata.txId !== block.transactionId ||
    block.transactionInfo.documents[id] === undefined ||
    (address !== undefined &&
      (address.strandId !== block.blockAddress.strandId || address.sequenceNo !== block.blockAddress.sequenceNo));
  if (misplaced) {
    problems.push({
      code: 'REVISION_OUT_OF_PLACE',
      message: `revision ${index} (document ${id}) does not belong to this block's transaction, documents or address`,
    });
  }
  return problems;
}

function eventProblems(block: Block): Problem[] {
  if (!block.events?.length || inEntries(block, merkleRoot(block.events.map(eventHash)))) return [];
  return [{ code: 'EVENTS_ROOT_MISMATCH', message: 'the Merkle root of the event hashes is not in entriesHashList' }];
}

function redactionProblems(block: Block): Problem[] {
  if (block.redactionInfo === undefined || inEntries(block, ionHash(block.redactionInfo))) return [];
  return [{ code: 'REDACTION_INFO_MISMATCH', message: 'H(redactionInfo) is not in entriesHashList' }];
}

function hashChainProblems(block: Block): Problem[] {
  const problems: Problem[] = [];
  if (!bytesEqual(merkleRoot(block.entriesHashList), block.entriesHash)) {
    problems.push({
      code: 'ENTRIES_HASH_MISMATCH',
      message: 'entriesHash is not the Merkle root of entriesHashList',
    });
  }
  if (!bytesEqual(dot(block.entriesHash, block.previousBlockHash), block.blockHash)) {
    problems.push({
      code: 'BLOCK_HASH_MISMATCH',
      message: 'blockHash is not dot(entriesHash, previousBlockHash)',
    });
  }
  const isGenesis = block.blockAddress.sequenceNo === 0;
  if (isGenesis !== (block.previousBlockHash.length === 0)) {
    problems.push({
      code: 'GENESIS_MISMATCH',
      message: isGenesis
        ? 'the genesis block (sequenceNo 0) must have an empty previousBlockHash'
        : 'only the genesis block may have an empty previousBlockHash',
    });
  }
  return problems;
}

function inEntries(block: Block, hash: Uint8Array): boolean {
  return block.entriesHashList.some((entry) => bytesEqual(entry, hash));
}

/** Why `block` is not shaped like a journal block, or undefined when it is. */
function shapeProblem(block: Block): string | undefined {
  if (!isPlainObject(block)) return 'a block must be an Ion struct';
  const address = block.blockAddress;
  if (!isPlainObject(address) || typeof address.strandId !== 'string') return 'blockAddress.strandId is missing';
  if (!Number.isSafeInteger(address.sequenceNo) || address.sequenceNo < 0) {
    return 'blockAddress.sequenceNo must be a non-negative integer';
  }
  for (const field of ['blockHash', 'entriesHash'] as const) {
    if (!isHash(block[field])) return `${field} must be a 32-byte blob`;
  }
  if (!(block.previousBlockHash instanceof Uint8Array) || ![0, 32].includes(block.previousBlockHash.length)) {
    return 'previousBlockHash must be an empty or 32-byte blob';
  }
  if (!Array.isArray(block.entriesHashList) || !block.entriesHashList.every(isHash)) {
    return 'entriesHashList must be a list of 32-byte blobs';
  }
  if (typeof block.transactionId !== 'string') return 'transactionId is missing';
  return transactionInfoShapeProblem(block) ?? contentShapeProblem(block);
}

function transactionInfoShapeProblem(block: Block): string | undefined {
  const info = block.transactionInfo;
  if (!isPlainObject(info) || !Array.isArray(info.statements) || !isPlainObject(info.documents)) {
    return 'transactionInfo must hold statements (list) and documents (struct)';
  }
  const bad = info.statements.findIndex(
    (s) => !isPlainObject(s) || typeof s.statement !== 'string' || !isHash(s.statementDigest),
  );
  return bad < 0 ? undefined : `transactionInfo.statements[${bad}] needs a statement and a 32-byte statementDigest`;
}

function contentShapeProblem(block: Block): string | undefined {
  if (block.revisions !== undefined) {
    if (!Array.isArray(block.revisions)) return 'revisions must be a list';
    const bad = block.revisions.findIndex((r) => !isRevisionShaped(r));
    if (bad >= 0) return `revisions[${bad}] needs a 32-byte hash and, with data, metadata {id, version, txTime, txId}`;
  }
  if (block.events !== undefined && (!Array.isArray(block.events) || !block.events.every(isPlainObject))) {
    return 'events must be a list of structs';
  }
  return undefined;
}

function isRevisionShaped(revision: Revision): boolean {
  if (!isPlainObject(revision) || !isHash(revision.hash)) return false;
  const m = revision.metadata;
  if (m === undefined) return revision.data === undefined && revision.dataHash === undefined;
  return isPlainObject(m) && typeof m.id === 'string' && typeof m.txId === 'string' && (revision.dataHash === undefined || isHash(revision.dataHash));
}
