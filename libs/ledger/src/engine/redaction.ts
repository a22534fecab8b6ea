// Redaction as QLDB's REDACT_REVISION does it: a revision that is no longer its document's latest
// loses its data for the data's Ion hash, so every revision hash, block hash and proof stays as it
// was. The request is its own block, whose redactionInfo names the revision; the stored row is
// changed in the same database transaction (QLDB redacted asynchronously; here nothing is pending).
// QLDB's rules: not the latest revision (a deleted document's latest is its deletion, which holds
// no data), not a revision already redacted, not a revision of a dropped table (undrop it first),
// one revision per transaction, and the block carries nothing else.
import { describeValue } from '../errors';
import { ionHashOfBinary, isPlainObject, type IonStructObject, type IonValue } from '../ion';
import { isJournalId, type BlockAddress } from '../journal';
import { selectDocuments, selectRevisionAt, type SqlQuery } from '../storage';
import { CATALOG_TABLE_ID, type CatalogEntry } from './catalog';
import { InvalidArgumentError, RedactionRefusedError } from './errors';

/** The statement a redaction records in its block, with its three parameters (QLDB's syntax). */
export const REDACT_REVISION_STATEMENT = 'EXEC REDACT_REVISION ?, ?, ?';

/** Which revision to redact, as REDACT_REVISION takes it; also what it returns and what the block's redactionInfo holds (with the version). */
export interface RedactionTarget {
  blockAddress: BlockAddress;
  tableId: string;
  documentId: string;
}

export interface RedactedRevisionInfo extends RedactionTarget {
  version: number;
}

/** A redaction found allowed: the revision named, and the hash its data is replaced by. */
export interface RedactionRequest {
  info: RedactedRevisionInfo;
  dataHash: Uint8Array;
}

/** The arguments checked for type and form; InvalidArgumentError names the first bad one. */
export function checkRedactionTarget(blockAddress: unknown, tableId: unknown, documentId: unknown): RedactionTarget {
  const address = checkBlockAddress(blockAddress);
  if (!isJournalId(tableId)) throw new InvalidArgumentError(`the table id ${describeValue(tableId)} is not a journal id (22 base62 characters)`, tableId);
  if (!isJournalId(documentId)) throw new InvalidArgumentError(`the document id ${describeValue(documentId)} is not a journal id (22 base62 characters)`, documentId);
  return { blockAddress: address, tableId, documentId };
}

/** A block address as a redaction takes it, checked for form; InvalidArgumentError names the bad part. */
export function checkBlockAddress(blockAddress: unknown): BlockAddress {
  if (!isPlainObject(blockAddress)) throw new InvalidArgumentError(`the block address ${describeValue(blockAddress)} is not a struct { strandId, sequenceNo }`, blockAddress);
  if (!isJournalId(blockAddress.strandId)) {
    throw new InvalidArgumentError(`the block address's strandId ${describeValue(blockAddress.strandId)} is not a journal id (22 base62 characters)`, blockAddress.strandId);
  }
  if (!isSequenceNo(blockAddress.sequenceNo)) {
    throw new InvalidArgumentError(`the block address's sequenceNo ${describeValue(blockAddress.sequenceNo)} is not a non-negative integer`, blockAddress.sequenceNo);
  }
  return { strandId: blockAddress.strandId as string, sequenceNo: Number(blockAddress.sequenceNo) };
}

/**
 * The redaction of `target` as storage holds it now, or RedactionRefusedError naming the rule it
 * breaks. `tableOf` finds a table by id in the catalog, dropped ones included.
 */
export async function redactionRequest(query: SqlQuery, strandId: string, tableOf: (tableId: string) => CatalogEntry | undefined, target: RedactionTarget): Promise<RedactionRequest> {
  const { blockAddress, tableId, documentId } = target;
  if (blockAddress.strandId !== strandId) throw new RedactionRefusedError(`block address strand ${describeValue(blockAddress.strandId)} is not this ledger's strand`, blockAddress.strandId);
  checkTable(tableId, tableOf(tableId));
  const row = await selectRevisionAt(query, blockAddress.sequenceNo, documentId);
  if (!row || row.tableId !== tableId) {
    throw new RedactionRefusedError(`block ${blockAddress.sequenceNo} holds no revision of document ${documentId} in table ${tableId}`, documentId);
  }
  const version = Number(row.version);
  if (row.data === null && row.dataHash !== null) throw new RedactionRefusedError(`revision ${version} of document ${documentId} is already redacted`, documentId);
  if (row.data === null) throw new RedactionRefusedError(`revision ${version} of document ${documentId} deleted it and holds no data`, documentId);
  const [current] = await selectDocuments(query, [documentId]);
  if (current && Number(current.version) === version) {
    throw new RedactionRefusedError(`revision ${version} is the latest of document ${documentId}; only earlier revisions can be redacted`, documentId);
  }
  return { info: { blockAddress, tableId, documentId, version }, dataHash: ionHashOfBinary(row.data) };
}

/** The redactionInfo of a redaction block, as REDACT_REVISION returns it. */
export function redactionInfoOf(info: RedactedRevisionInfo): IonStructObject {
  return { blockAddress: { ...info.blockAddress }, tableId: info.tableId, documentId: info.documentId, version: info.version };
}

/** REDACT_REVISION's parameters, as its statement records them. */
export function redactionParameters(target: RedactionTarget): IonValue[] {
  return [{ ...target.blockAddress }, target.tableId, target.documentId];
}

function checkTable(tableId: string, entry: CatalogEntry | undefined): void {
  if (tableId === CATALOG_TABLE_ID) throw new RedactionRefusedError('the catalog (information_schema.user_tables) is never redacted', tableId);
  if (!entry) throw new RedactionRefusedError(`no table has id ${tableId}`, tableId);
  if (entry.definition.status === 'INACTIVE') {
    throw new RedactionRefusedError(`table ${entry.definition.name} (${tableId}) is dropped; undrop it (UNDROP TABLE "${tableId}") to redact its revisions`, tableId);
  }
}

function isSequenceNo(value: unknown): boolean {
  return (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) || (typeof value === 'bigint' && value >= 0n && value <= BigInt(Number.MAX_SAFE_INTEGER));
}
