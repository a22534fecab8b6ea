// Reads the grants in force and checks each against the journal before any access is decided on
// it: the stored row must be its document's latest revision (no later version in the journal),
// that revision's hash must recompute from the row's data, and it must fold to the current
// digest through its proof. A grant row changed in the database without its block is refused
// here (AccessGrantsTamperedError); verify() reports the same rows. The administrators in force
// are one document of the same table, so they are checked the same way.
import { foldProof, hashesEqual } from '../../crypto';
import { fromIon, type IonStructObject } from '../../ion';
import { revisionHash } from '../../journal';
import { selectDocumentSequences, selectTableDocuments, type DocumentRow } from '../../storage';
import type { Catalog } from '../catalog';
import { AccessGrantsTamperedError } from '../errors';
import type { JournalProofs, LedgerRead } from '../journal-proofs';
import type { PrincipalGrant, RoleGrant } from './access-policy';
import { GRANTS_TABLE } from './grants-table';
import { checkName, checkPermission } from './ledger-actions';
import type { GrantsRead } from './transaction-authority';

/** The document of the grants' table that holds the administrators, by its `setting` field. */
export const ADMINISTRATORS_SETTING = 'administrators';

/** The grants as stored and checked, and what was read. */
export interface LoadedGrants {
  roles: RoleGrant[];
  principals: PrincipalGrant[];
  /** The administrators as last journaled (from the configuration); undefined when never journaled. */
  administrators?: string[];
  /** undefined when the grants' table does not exist yet. */
  grantsRead?: GrantsRead;
}

interface StoredGrant {
  row: DocumentRow;
  /** True when the journal holds a version of the document after the row's. */
  superseded: boolean;
}

/** The grants in force, each checked against the journal. */
export async function loadGrants(read: LedgerRead, proofs: JournalProofs, catalog: Catalog, strandId: string): Promise<LoadedGrants> {
  const tableId = catalog.activeByName(GRANTS_TABLE)?.definition.tableId;
  if (tableId === undefined) return { roles: [], principals: [] };
  const stored = await read(async (query) => {
    const rows = await selectTableDocuments(query, tableId);
    const grants: StoredGrant[] = [];
    for (const row of rows) {
      const later = await selectDocumentSequences(query, row.documentId, Number(row.version) + 1, Number.MAX_SAFE_INTEGER);
      grants.push({ row, superseded: later.length > 0 });
    }
    return grants;
  });
  const loaded: LoadedGrants = { roles: [], principals: [], grantsRead: { tableId, seen: stored.reduce((max, { row }) => Math.max(max, Number(row.sequenceNo)), -1) } };
  const digest = await proofs.digest();
  for (const grant of stored) {
    if (grant.row.data === null && !grant.superseded) continue;
    const data = await checkedData(grant, proofs, digest, strandId);
    addGrant(loaded, grant.row.documentId, data);
  }
  return loaded;
}

/** The row's data, once the journal is found to hold exactly it as the document's latest revision. */
async function checkedData({ row, superseded }: StoredGrant, proofs: JournalProofs, digest: Awaited<ReturnType<JournalProofs['digest']>>, strandId: string): Promise<IonStructObject> {
  const id = row.documentId;
  if (superseded) throw new AccessGrantsTamperedError(id, `the journal holds a later version than the stored version ${row.version}`);
  const address = { strandId, sequenceNo: Number(row.sequenceNo) };
  const { revision, proof } = await proofs.revision(address, id, digest.digestTipAddress).catch(() => {
    throw new AccessGrantsTamperedError(id, `block ${row.sequenceNo} holds no revision of it`);
  });
  const data = fromIon(row.data as Uint8Array) as IonStructObject;
  const metadata = revision.metadata;
  if (metadata === undefined || metadata.id !== id || Number(metadata.version) !== Number(row.version)) {
    throw new AccessGrantsTamperedError(id, `block ${row.sequenceNo} holds another version of it`);
  }
  if (!hashesEqual(revisionHash({ metadata, data }), revision.hash)) throw new AccessGrantsTamperedError(id, `its data differs from its revision in block ${row.sequenceNo}`);
  if (!hashesEqual(foldProof(revision.hash, proof), digest.digest)) throw new AccessGrantsTamperedError(id, `its revision in block ${row.sequenceNo} does not fold to the ledger's digest`);
  return data;
}

/** Adds a grant document (a role's or a principal's) to the grants; a document of neither shape is refused. */
function addGrant(loaded: LoadedGrants, documentId: string, data: IonStructObject): void {
  try {
    if (typeof data.role === 'string' && Array.isArray(data.permissions)) {
      loaded.roles.push({ role: checkName(data.role, 'a role'), permissions: data.permissions.map(checkPermission) });
    } else if (typeof data.principal === 'string' && Array.isArray(data.roles)) {
      loaded.principals.push({ principal: checkName(data.principal, 'a principal'), roles: data.roles.map((role) => checkName(role, 'a role')) });
    } else if (data.setting === ADMINISTRATORS_SETTING && Array.isArray(data.principals) && loaded.administrators === undefined) {
      loaded.administrators = data.principals.map((principal) => checkName(principal, 'an administrator'));
    } else {
      throw new Error('it is neither a role, a principal grant nor the one administrators setting');
    }
  } catch (error) {
    throw new AccessGrantsTamperedError(documentId, `it is not a grant written by ledger.access (${(error as Error).message})`);
  }
}
