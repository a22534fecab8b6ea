// verify()'s per-block work that needs nothing but the block's own rows: decoding them, the shape
// checks, and every hash (journal/block-verifier.ts), plus H(data) of each revision for the replay
// of the current documents. Runs on a page of blocks in the calling thread or in a worker; what
// depends on the blocks before (the chain, the tree, the replay) stays with the caller. A worker
// also hands back the decoded block as the caller's checks read it (without the documents' data),
// so that the caller never decodes its Ion again, whenever a structured clone carries it unchanged.
import { ionHash, isPlainObject } from '../../ion';
import { inspectBlock, type Block, type BlockInspection, type Revision } from '../../journal';
import type { BlockRow, RevisionRow } from '../../storage';
import { CATALOG_TABLE_ID } from '../catalog';
import { rowsToBlock } from '../journal-rows';

/** A block's stored rows: its header row and its revision rows in position order. */
export interface StoredBlockRows {
  block: BlockRow;
  revisions: RevisionRow[];
}

export interface StoredBlockInspection {
  /** Why the rows are not a block that can be checked (the MALFORMED_BLOCK message), when they are not. */
  unreadable?: string;
  /** The block's own problems and binding, when it could be inspected. */
  inspection?: BlockInspection;
  /** Why inspecting it threw, when it did. */
  failure?: string;
  /** H(data) of each revision, its dataHash when redacted, null when it has neither. */
  dataHashes: (Uint8Array | null)[];
  /** The decoded block, when its rows decode; from a worker, without its documents' data (checkedBlock) and only when a clone keeps it. */
  block?: Block;
}

/** Inspects each block of `blocks`, in order, for another thread. */
export function inspectStoredBlocks(blocks: readonly StoredBlockRows[]): StoredBlockInspection[] {
  return blocks.map((rows) => {
    const { block, ...inspected } = inspectStoredBlock(rows);
    const checked = block && checkedBlock(block);
    return checked && clonesUnchanged(checked) ? { ...inspected, block: checked } : inspected;
  });
}

/** One block's inspection, with the block when its rows decode into one. */
export function inspectStoredBlock(rows: StoredBlockRows): StoredBlockInspection {
  const decoded = decodeBlock(rows);
  if (typeof decoded === 'string') return { unreadable: decoded, dataHashes: [] };
  try {
    const dataHashes = (decoded.revisions ?? []).map((r) => (r.data ? ionHash(r.data) : (r.dataHash ?? null)));
    return { inspection: inspectBlock(decoded, undefined, dataHashes), dataHashes, block: decoded };
  } catch (error) {
    return { failure: (error as Error).message, dataHashes: [], block: decoded };
  }
}

/** The block, or why it cannot be read. */
function decodeBlock({ block: row, revisions }: StoredBlockRows): Block | string {
  const sequenceNo = Number(row.sequenceNo);
  try {
    const block = rowsToBlock({ block: row, revisions });
    const shape = headerShapeProblem(block);
    return shape === undefined ? block : `block ${sequenceNo}: ${shape}`;
  } catch (error) {
    const size = row.header instanceof Uint8Array ? `${row.header.length} bytes` : typeof row.header;
    return `block ${sequenceNo} cannot be read (${size}): ${(error as Error).message}`;
  }
}

/** What the checks after the hashes read from a header, beyond what the block verifier checks. */
function headerShapeProblem(block: Block): string | undefined {
  if (!isPlainObject(block)) return 'the header is not an Ion struct';
  const time = block.blockTimestamp as unknown;
  if (!(time instanceof Date) && typeof (time as { getDate?: unknown } | null)?.getDate !== 'function') {
    return 'blockTimestamp is not a timestamp';
  }
  const documents = (block.transactionInfo as { documents?: unknown } | undefined)?.documents;
  if (isPlainObject(documents) && !Object.values(documents).every((d) => isPlainObject(d) && typeof d.tableId === 'string')) {
    return 'transactionInfo.documents must map each document id to { tableName, tableId, statements }';
  }
  return undefined;
}

/** The block as verify()'s checks after the hashes read it: revisions without their data, but for the catalog's (the replay keeps it). */
export function checkedBlock(block: Block): Block {
  if (!block.revisions) return block;
  const documents = (block.transactionInfo as { documents?: Record<string, { tableId?: unknown } | undefined> } | undefined)?.documents;
  const keepsData = (revision: Revision) => isPlainObject(documents) && documents[revision.metadata?.id as string]?.tableId === CATALOG_TABLE_ID;
  return { ...block, revisions: block.revisions.map((revision) => (keepsData(revision) ? revision : withoutData(revision))) };
}

function withoutData(revision: Revision): Revision {
  const { data, ...rest } = revision;
  return data === undefined ? revision : rest;
}

/**
 * Whether a structured clone of `value`, revived (revivedClone), is the value
 * the calling thread decodes from the same rows: only plain objects (no own `__proto__` field),
 * arrays, bytes, Dates and primitives; not the Ion wrapper classes, whose clones lose their
 * prototype. The caller decodes a block that fails this from its rows instead.
 */
export function clonesUnchanged(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function' && typeof value !== 'symbol';
  const proto = Object.getPrototypeOf(value);
  if (value instanceof Date) return proto === Date.prototype;
  if (value instanceof Uint8Array) return proto === Uint8Array.prototype || proto === Buffer.prototype;
  if (Array.isArray(value)) return proto === Array.prototype && value.every(clonesUnchanged);
  if (proto !== Object.prototype && proto !== null) return false;
  return !Object.prototype.hasOwnProperty.call(value, '__proto__') && Object.values(value).every(clonesUnchanged);
}

/**
 * A cloned block as the calling thread decodes it from its rows, in place: bytes as Buffers (a
 * structured clone makes each a plain Uint8Array) and Dates of this realm (a clone's come from the
 * process's main realm, which is not always the caller's: a test's VM context).
 */
export function revivedClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const field = fields[key];
    if (ArrayBuffer.isView(field)) fields[key] = Buffer.from(field.buffer, field.byteOffset, field.byteLength);
    else if (Object.prototype.toString.call(field) === '[object Date]') fields[key] = new Date((field as Date).getTime());
    else revivedClone(field);
  }
  return value;
}
