// A journal block to and from its stored rows: the block without revisions as one Ion binary
// header, and one row per revision (metadata and data as Ion binary, so they are never re-encoded
// or round-tripped through anything lossy).
import { fromIon, toIon, type IonStructObject } from '../ion';
import type { Block, Revision, RevisionMetadata } from '../journal';
import { selectBlocks, selectRevisionBlockAfter, selectRevisions, type BlockRow, type RevisionRow, type SqlQuery } from '../storage';

/**
 * The most revisions a page of a bulk read (verify(), an export) holds, unless one block alone holds
 * more: a page is a number of blocks, and what it holds in memory must not grow with the revisions
 * per block (400 a block made pages of 100 blocks peak at 800 MB in verify()).
 */
export const REVISIONS_PER_PAGE = 2_000;

export interface BlockRows {
  block: BlockRow;
  revisions: RevisionRow[];
}

/** The rows of `block`; `encodedData` supplies data already encoded as Ion binary, by document id. */
export function blockToRows(
  block: Block,
  tableOf: (documentId: string) => string | null,
  encodedData: ReadonlyMap<string, Uint8Array> = new Map(),
): BlockRows {
  const { revisions = [], ...header } = block;
  return {
    block: {
      sequenceNo: block.blockAddress.sequenceNo,
      blockHash: block.blockHash,
      blockTime: timeText(block.blockTimestamp),
      header: toIon(header, 'binary'),
    },
    revisions: revisions.map((revision, position) => revisionToRow(block, revision, position, tableOf, encodedData)),
  };
}

function revisionToRow(
  block: Block,
  revision: Revision,
  position: number,
  tableOf: (documentId: string) => string | null,
  encodedData: ReadonlyMap<string, Uint8Array>,
): RevisionRow {
  const metadata = revision.metadata;
  const documentId = metadata?.id ?? null;
  const data = revision.data === undefined ? null : (documentId && encodedData.get(documentId)) || toIon(revision.data, 'binary');
  return {
    sequenceNo: block.blockAddress.sequenceNo,
    position,
    tableId: documentId && tableOf(documentId),
    documentId,
    version: metadata?.version ?? null,
    hash: revision.hash,
    metadata: metadata ? toIon(metadata, 'binary') : null,
    data,
    dataHash: revision.dataHash ?? null,
  };
}

/**
 * The last block of the page that starts at block `first`: at most `blocks` blocks, none past `tip`,
 * and no more than REVISIONS_PER_PAGE revisions unless block `first` alone holds more.
 */
export async function lastBlockOfPage(query: SqlQuery, first: number, blocks: number, tip: number): Promise<number> {
  const last = Math.min(tip, first + blocks - 1);
  if (last <= first) return first;
  const beyond = await selectRevisionBlockAfter(query, first, REVISIONS_PER_PAGE);
  return beyond === undefined ? last : Math.max(first, Math.min(last, beyond - 1));
}

/** The stored rows of the blocks first..last, in order, each with its revision rows in position order. */
export async function readBlockRows(query: SqlQuery, first: number, last: number): Promise<BlockRows[]> {
  const blocks = await selectBlocks(query, first, last);
  const revisions = groupBySequence(await selectRevisions(query, first, last));
  return blocks.map((block) => ({ block, revisions: revisions.get(Number(block.sequenceNo)) ?? [] }));
}

function groupBySequence(rows: RevisionRow[]): Map<number, RevisionRow[]> {
  const groups = new Map<number, RevisionRow[]>();
  for (const row of rows) {
    const sequenceNo = Number(row.sequenceNo);
    const group = groups.get(sequenceNo);
    if (group) group.push(row);
    else groups.set(sequenceNo, [row]);
  }
  return groups;
}

/** The block assembled from its rows (the columns it reads). */
export function rowsToBlock(rows: { block: Pick<BlockRow, 'header'>; revisions: Pick<RevisionRow, 'hash' | 'metadata' | 'data' | 'dataHash'>[] }): Block {
  const header = fromIon(rows.block.header) as unknown as Block;
  const revisions = rows.revisions.map((row) => rowToRevision(header, row));
  return revisions.length ? { ...header, revisions } : header;
}

/** One stored revision in its committed view: blockAddress, hash, data (or dataHash), metadata. */
export function rowToRevision(block: Pick<Block, 'blockAddress'>, row: Pick<RevisionRow, 'hash' | 'metadata' | 'data' | 'dataHash'>): Revision {
  if (row.metadata === null) return { hash: row.hash };
  return {
    blockAddress: { ...block.blockAddress },
    hash: row.hash,
    ...(row.data ? { data: fromIon(row.data) as IonStructObject } : {}),
    ...(row.dataHash ? { dataHash: row.dataHash } : {}),
    metadata: fromIon(row.metadata) as unknown as RevisionMetadata,
  };
}

/** A block time as sortable text (ISO 8601, UTC). */
export function timeText(time: Date | { getDate(): Date }): string {
  return (time instanceof Date ? time : time.getDate()).toISOString();
}
