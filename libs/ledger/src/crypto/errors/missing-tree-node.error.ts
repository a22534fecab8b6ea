// Thrown when a tree node source does not hold a node that a digest or proof needs.
import { LedgerError } from '../../errors';

export class MissingTreeNodeError extends LedgerError {
  readonly code = 'MISSING_TREE_NODE';

  constructor(
    readonly level: number,
    readonly index: number,
  ) {
    super(`the ledger tree has no node at level ${level}, index ${index}`, { level, index });
  }
}
