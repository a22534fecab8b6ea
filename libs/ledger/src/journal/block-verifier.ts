// Verifies one journal block. Every entry it can recompute (transactionInfo, revisions, events,
// redactionInfo) must be in entriesHashList, whose Merkle root is entriesHash, which chained with
// previousBlockHash gives blockHash. How tightly the list binds the block is its binding
// (`entriesBinding`): a block this library wrote carries the header entry last and its list must be
// exactly the recomputed one, in order, with each revision's metadata matching the block's
// transaction, time and documents one to one; a block written before the header entry existed
// must match exactly without it; a QLDB block, which carries system entries nobody outside QLDB can
// recompute, is held to membership only, as QLDB's published verifiers do (weaker: see
// docs/proofs.md).
import { dot, merkleRoot } from '../crypto';
import { ionHash, isPlainObject, Timestamp } from '../ion';
import type { Block, Revision } from './block.types';
import { bytesEqual, isHash } from './bytes';
import { eventHash, headerEntryHash, revisionHash } from './entry-hashes';
import { redactedEventProblem } from './redacted-event';
import { resultOf, type VerificationProblem, type VerificationResult } from './verification-result';

/** Checks every hash in `block`; never throws on malformed input, reports it instead. */
export function verifyBlock(block: Block): VerificationResult {
  return resultOf(blockProblems(block));
}

/**
 * The problems of one block, each stamped with its sequenceNo when known. `eventHashes` stands for
 * the block's events when a proof carries them reduced to their hashes.
 */
export function blockProblems(block: Block, eventHashes?: readonly Uint8Array[]): VerificationProblem[] {
  return inspectBlock(block, eventHashes).problems;
}

/**
 * How the entries bind the block: `header` (the header entry last, the list exactly the recomputed
 * one: address, transaction id and time committed), `exact` (exactly the recomputed list without a
 * header entry: a block written before it existed; its position is not committed) or `membership`
 * (the recomputed entries are members of a longer list: a QLDB block). Only meaningful for a block
 * without problems.
 */
export type EntriesBinding = 'header' | 'exact' | 'membership';

export function entriesBinding(block: Block, eventHashes?: readonly Uint8Array[]): EntriesBinding {
  return bindingOf(block, recomputeEntries(block, eventHashes ?? (block.events ?? []).map(eventHash)));
}

/** A block's problems and, when it has none, its binding. */
export interface BlockInspection {
  problems: VerificationProblem[];
  binding?: EntriesBinding;
}

/**
 * A block's problems and, when it has none, its binding; every hash is computed once.
 * `dataHashes` holds H(data) of each revision with data, by position, when the caller has them.
 */
export function inspectBlock(block: Block, eventHashes?: readonly Uint8Array[], dataHashes?: readonly (Uint8Array | null)[]): BlockInspection {
  const malformed = shapeProblem(block);
  const sequenceNo = isPlainObject(block?.blockAddress) ? (block.blockAddress.sequenceNo as number) : undefined;
  if (malformed) return { problems: [{ code: 'MALFORMED_BLOCK', message: malformed, sequenceNo }] };
  const entries = recomputeEntries(block, eventHashes ?? (block.events ?? []).map(eventHash));
  const problems: Problem[] = [
    ...membershipProblems(block, entries),
    ...block.revisions?.flatMap((r, i) => oneRevisionProblems(block, r, i, dataHashes?.[i] ?? undefined)) ?? [],
    ...hashChainProblems(block),
  ];
  const binding = problems.length ? undefined : bindingOf(block, entries);
  if (binding === 'header') problems.push(...documentsProblems(block));
  else if (binding !== undefined && inEntries(block, entries.header)) problems.push(ENTRIES_LIST_MISMATCH);
  else if (binding === 'membership' && carriesAlteredHeader(block, entries)) problems.push(ALTERED_HEADER);
  const stamped = problems.map((p) => ({ ...p, sequenceNo }));
  return stamped.length ? { problems: stamped } : { problems: stamped, binding };
}

/** The hashes of the entries a verifier can recompute from the block. */
interface RecomputedEntries {
  revisionsRoot?: Uint8Array;
  transactionInfo: Uint8Array;
  eventsRoot?: Uint8Array;
  redactionInfo?: Uint8Array;
  header: Uint8Array;
}

function recomputeEntries(block: Block, eventHashes: readonly Uint8Array[]): RecomputedEntries {
  const revisions = block.revisions ?? [];
  return {
    ...(revisions.length ? { revisionsRoot: merkleRoot(revisions.map((r) => r.hash)) } : {}),
    transactionInfo: ionHash(block.transactionInfo),
    ...(eventHashes.length ? { eventsRoot: merkleRoot(eventHashes) } : {}),
    ...(block.redactionInfo === undefined ? {} : { redactionInfo: ionHash(block.redactionInfo) }),
    header: headerEntryHash(block),
  };
}

/** The recomputed entries in the order this library writes them, the header entry apart. */
function contentEntries({ revisionsRoot, transactionInfo, eventsRoot, redactionInfo }: RecomputedEntries): Uint8Array[] {
  return [revisionsRoot, transactionInfo, eventsRoot, redactionInfo].filter((h): h is Uint8Array => h !== undefined);
}

function bindingOf(block: Block, entries: RecomputedEntries): EntriesBinding {
  const expected = contentEntries(entries);
  if (sameHashes(block.entriesHashList, [...expected, entries.header])) return 'header';
  if (sameHashes(block.entriesHashList, expected)) return 'exact';
  return 'membership';
}

/**
 * Whether the list is this library's (every recomputed entry in order) followed by one more hash
 * that is not the header entry: a block whose address, transaction id or time was altered. QLDB's
 * lists end with H(transactionInfo), so none of its blocks has this shape.
 */
function carriesAlteredHeader(block: Block, entries: RecomputedEntries): boolean {
  const expected = contentEntries(entries);
  const list = block.entriesHashList;
  return list.length === expected.length + 1 && sameHashes(list.slice(0, expected.length), expected);
}

const ALTERED_HEADER: Problem = {
  code: 'HEADER_MISMATCH',
  message: "the block's last entry is not the header entry of its address, transaction id and time: one of them was altered",
};

const ENTRIES_LIST_MISMATCH: Problem = {
  code: 'ENTRIES_LIST_MISMATCH',
  message: 'entriesHashList is not exactly the recomputed list of entries, in order, ending with the header entry',
};

/** Each recomputed entry is in entriesHashList, as QLDB's verifiers check. */
function membershipProblems(block: Block, entries: RecomputedEntries): Problem[] {
  const problems: Problem[] = [];
  if (!inEntries(block, entries.transactionInfo)) {
    problems.push({ code: 'TRANSACTION_INFO_MISMATCH', message: 'H(transactionInfo) is not in entriesHashList: a statement or document entry was altered' });
  }
  if (entries.revisionsRoot && !inEntries(block, entries.revisionsRoot)) {
    problems.push({ code: 'REVISIONS_ROOT_MISMATCH', message: 'the Merkle root of the revision hashes is not in entriesHashList' });
  }
  if (entries.eventsRoot && !inEntries(block, entries.eventsRoot)) {
    problems.push({ code: 'EVENTS_ROOT_MISMATCH', message: 'the Merkle root of the event hashes is not in entriesHashList' });
  }
  if (entries.redactionInfo && !inEntries(block, entries.redactionInfo)) {
    problems.push({ code: 'REDACTION_INFO_MISMATCH', message: 'H(redactionInfo) is not in entriesHashList' });
  }
  return problems;
}

/** The revisions' document ids and the documents of transactionInfo, one to one. */
function documentsProblems(block: Block): Problem[] {
  const ids = (block.revisions ?? []).map((r) => r.metadata?.id);
  const documents = Object.keys(block.transactionInfo.documents);
  const unique = new Set(ids);
  if (ids.length === documents.length && unique.size === ids.length && documents.every((id) => unique.has(id))) return [];
  return [
    {
      code: 'DOCUMENTS_MISMATCH',
      message: `the block holds ${ids.length} revision(s) for ${documents.length} document(s) of transactionInfo: each changed document must have exactly one revision`,
    },
  ];
}

function sameHashes(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  return a.length === b.length && a.every((hash, i) => bytesEqual(hash, b[i]));
}

type Problem = Omit<VerificationProblem, 'sequenceNo'>;



function oneRevisionProblems(block: Block, revision: Revision, index: number, dataHash?: Uint8Array): Problem[] {
  if (revision.metadata === undefined) return []; // a QLDB system revision: only its hash is known
  const id = revision.metadata.id;
  const problems: Problem[] = [];
  if (!bytesEqual(revisionHash(revision, dataHash), revision.hash)) {
    problems.push({
      code: 'REVISION_HASH_MISMATCH',
      message: `revision ${index} (document ${id}, version ${revision.metadata.version}) does not hash to its hash: its data or metadata was altered`,
    });
  }
  const address = revision.blockAddress;
  const misplaced =
    revision.metadata.txId !== block.transactionId ||
    !sameTimestamp(revision.metadata.txTime, block.blockTimestamp) ||
    block.transactionInfo.documents[id] === undefined ||
    (address !== undefined &&
      (address.strandId !== block.blockAddress.strandId || address.sequenceNo !== block.blockAddress.sequenceNo));
  if (misplaced) {
    problems.push({
      code: 'REVISION_OUT_OF_PLACE',
      message: `revision ${index} (document ${id}) does not belong to this block's transaction, time, documents or address`,
    });
  }
  return problems;
}

/** Equal as Ion values (precision and offset included); two Dates are both milliseconds at Z. */
function sameTimestamp(a: unknown, b: unknown): boolean {
  if (!isTimestampValue(a) || !isTimestampValue(b)) return false;
  if (!(a instanceof Timestamp) && !(b instanceof Timestamp)) return a.getTime() === b.getTime();
  return bytesEqual(ionHash(a), ionHash(b));
}

/** A valid Date (of any realm: a structuredClone in a vm context makes foreign ones) or an Ion Timestamp. */
function isTimestampValue(value: unknown): value is Date | Timestamp {
  if (value instanceof Timestamp) return true;
  return Object.prototype.toString.call(value) === '[object Date]' && !Number.isNaN((value as Date).getTime());
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
  if (!isTimestampValue(block.blockTimestamp)) return 'blockTimestamp must be a timestamp';
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
  if (block.events !== undefined) return eventsShapeProblem(block.events);
  return undefined;
}

/** Events are structs, a redacted payload well formed (redacted-event.ts). */
function eventsShapeProblem(events: unknown): string | undefined {
  if (!Array.isArray(events)) return 'events must be a list of structs';
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const problem = isPlainObject(event) ? redactedEventProblem(event) : 'must be a struct';
    if (problem) return `events[${i}]: ${problem}`;
  }
  return undefined;
}

function isRevisionShaped(revision: Revision): boolean {
  if (!isPlainObject(revision) || !isHash(revision.hash)) return false;
  const m = revision.metadata;
  if (m === undefined) return revision.data === undefined && revision.dataHash === undefined;
  if (revision.data !== undefined && (!isPlainObject(revision.data) || revision.dataHash !== undefined)) return false;
  return isMetadataShaped(m) && (revision.dataHash === undefined || isHash(revision.dataHash));
}

/** Exactly {id, version, txTime, txId}: a struct shaped otherwise is not a revision's metadata. */
function isMetadataShaped(m: unknown): boolean {
  if (!isPlainObject(m) || Object.keys(m).length !== 4) return false;
  const { id, version, txTime, txId } = m as Record<string, unknown>;
  return typeof id === 'string' && typeof txId === 'string' && Number.isSafeInteger(version) && (version as number) >= 0 && isTimestampValue(txTime);
}
