// verify()'s checks of a block's revision rows against the block they belong to (its summary,
// bulk/block-summary.ts): one row per
// position 0..n-1, exactly one revision for each document the block's transactionInfo lists (so a
// deleted row is found even when it was the block's only one), the unhashed columns the engine
// queries by (table_id, document_id, version) equal to what the hashed metadata says, and data
// replaced by its hash only where a redaction block records it. Also replays each revision of a
// table's catalog document, whose definition the comparison of index entries needs (the other
// documents are compared with their last revision rows after the journal pass).
import type { IonStructObject } from '../../ion';
import type { RevisionRow } from '../../storage';
import type { BlockSummary, SummarizedRedaction, SummarizedRevision } from '../bulk/block-summary';
import { CATALOG_TABLE_ID } from '../catalog';
import { redactionKey, type Verification } from './verification-state';

/** `catalogData` gives the data of the revision at a position, read only for a catalog document's. */
export function checkRevisionRows(v: Verification, block: BlockSummary, rows: RevisionRow[], catalogData: (position: number) => IonStructObject | undefined): void {
  const sequenceNo = block.blockAddress.sequenceNo;
  const misplaced = rows.findIndex((row, i) => Number(row.position) !== i);
  if (misplaced >= 0) v.report('REVISION_OUT_OF_PLACE', `the revision rows of block ${sequenceNo} are not at positions 0..${rows.length - 1}`, sequenceNo);
  checkDocumentCounts(v, block);
  block.revisions.forEach((revision, i) => checkRevisionRow(v, sequenceNo, revision, rows[i], () => catalogData(i)));
}

/** Each document transactionInfo lists has exactly one revision in the block. */
function checkDocumentCounts(v: Verification, block: BlockSummary): void {
  const sequenceNo = block.blockAddress.sequenceNo;
  const counts = new Map<string, number>();
  for (const revision of block.revisions) if (revision) counts.set(revision.id, (counts.get(revision.id) ?? 0) + 1);
  for (const { id: documentId } of block.documents) {
    const count = counts.get(documentId) ?? 0;
    if (count === 0) v.report('REVISION_MISSING', `block ${sequenceNo} lists document ${documentId} but holds no revision of it`, sequenceNo);
    if (count > 1) v.report('REVISION_OUT_OF_PLACE', `block ${sequenceNo} holds ${count} revisions of document ${documentId}`, sequenceNo);
  }
}

function checkRevisionRow(
  v: Verification,
  sequenceNo: number,
  revision: SummarizedRevision | null,
  row: RevisionRow,
  catalogData: () => IonStructObject | undefined,
): void {
  if (!revision) {
    const unhashed = [row.tableId, row.documentId, row.version, row.data, row.dataHash].some((value) => value !== null);
    if (unhashed) v.report('REVISION_OUT_OF_PLACE', `system revision ${row.position} of block ${sequenceNo} has columns beside its hash`, sequenceNo);
    return;
  }
  const tableId = revision.tableId;
  if (row.documentId !== revision.id || row.tableId !== tableId || Number(row.version) !== revision.version) {
    v.report('REVISION_OUT_OF_PLACE', `the stored columns of document ${revision.id}'s revision differ from the journal`, sequenceNo);
  }
  if (row.data !== null && row.dataHash !== null) v.report('REVISION_OUT_OF_PLACE', `document ${revision.id}'s revision has both data and data_hash`, sequenceNo);
  if (row.data === null && row.dataHash !== null) v.redacted.push({ documentId: revision.id, version: revision.version, sequenceNo });
  if (tableId !== CATALOG_TABLE_ID) return;
  const data = catalogData();
  v.documents.set(revision.id, { tableId, version: revision.version, sequenceNo, dataHash: revision.dataHash ?? null, ...(data ? { data } : {}) });
}

/**
 * Notes the revision a redaction block names: `redactionInfo` holds the documentId and either the
 * blockAddress of the redacted revision (as QLDB's REDACT_REVISION takes it) or its version.
 */
export function recordRedactions(v: Verification, info: SummarizedRedaction | undefined): void {
  if (info?.documentId === undefined) return;
  if (info.sequenceNo !== undefined) v.redactions.add(redactionKey(info.documentId, { sequenceNo: info.sequenceNo }));
  if (info.version !== undefined) v.redactions.add(redactionKey(info.documentId, { version: info.version }));
}

/** Data replaced by its hash without a redaction block that names it is tampering (the hashes still verify). */
export function checkRedactions(v: Verification): void {
  for (const revision of v.redacted) {
    if (v.done) return;
    const recorded = v.redactions.has(redactionKey(revision.documentId, { sequenceNo: revision.sequenceNo })) || v.redactions.has(redactionKey(revision.documentId, { version: revision.version }));
    if (!recorded) {
      v.report('REDACTION_UNRECORDED', `document ${revision.documentId}'s revision ${revision.version} holds only its data's hash, and no redaction block records it`, revision.sequenceNo);
    }
  }
}
