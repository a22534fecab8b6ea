// The table that holds the access grants, one document per role and per principal, written only
// through ledger.access: a transaction becomes the grants' writer for the duration of one change,
// and any other write to the table (PartiQL, the document API, DDL) is refused.
import { InvalidArgumentError } from '../errors';
import type { TableAction } from './ledger-actions';

/** The grants' table: an ordinary ledger table, so every change is a journaled revision. */
export const GRANTS_TABLE = 'ledger_access_grants';

const writers = new WeakSet<object>();

/** Runs `work` with `transaction` allowed to write the grants' table. */
export async function asGrantsWriter<T>(transaction: object, work: () => Promise<T>): Promise<T> {
  writers.add(transaction);
  try {
    return await work();
  } finally {
    writers.delete(transaction);
  }
}

/**
 * Whether `transaction` acts on the grants' table as ledger.access (which checked manageAccess):
 * then its table actions are not checked again. InvalidArgumentError for any other change of it.
 */
export function isGrantsChange(transaction: object, action: TableAction, table: string): boolean {
  if (table !== GRANTS_TABLE) return false;
  if (writers.has(transaction)) return true;
  if (action === 'select' || action === 'history') return false;
  throw new InvalidArgumentError(`${GRANTS_TABLE} is changed only through ledger.access (defineRole, grantRole, revokeRole, dropRole), not by ${action}`, table);
}
