// verify()'s checks of the database around the journal: SQLite's own integrity check of the file,
// no journal row beyond the tip (a revision or tree node planted there is invisible to the chain
// but breaks every later commit), and the tree storing exactly the nodes the journal implies.
import {
  countRows,
  isSqliteDatabase,
  selectFirstRevisionAfter,
  selectIntegrityProblems,
  selectTreeLevels,
  type SqlQuery,
} from '../../storage';
import type { Verification } from './verification-state';

/** The most findings of SQLite's integrity check reported. */
const INTEGRITY_FINDINGS = 20;

/** SQLite's `PRAGMA integrity_check`: each finding is a problem (not located: it is about the file's pages). */
export async function checkDatabaseFile(query: SqlQuery, v: Verification): Promise<void> {
  if (!(await isSqliteDatabase(query))) return;
  for (const finding of await selectIntegrityProblems(query, INTEGRITY_FINDINGS)) {
    v.report('DATABASE_CORRUPT', `SQLite's integrity check: ${finding}`);
  }
}

/** No revision row and no tree node lies beyond the tip; the tree stores exactly the nodes the journal implies. */
export async function checkBeyondTip(query: SqlQuery, v: Verification): Promise<void> {
  const revision = await selectFirstRevisionAfter(query, v.tip);
  if (revision !== undefined) v.report('ROW_BEYOND_TIP', `journal_revision holds a row for block ${revision}, beyond the tip (${v.tip})`, v.tip);
  for (const { level, maxIndex } of await selectTreeLevels(query)) {
    if (v.done) return;
    const stored = Math.floor((v.tip + 1) / 2 ** level);
    if (maxIndex >= stored) v.report('ROW_BEYOND_TIP', `journal_tree_node holds node (level ${level}, index ${maxIndex}), beyond the tip (${v.tip})`, v.tip);
  }
  if (v.done) return;
  const storedNodes = await countRows(query, 'journal_tree_node');
  if (storedNodes !== v.treeNodes) v.report('TREE_NODE_MISMATCH', `the tree stores ${storedNodes} nodes; the journal implies ${v.treeNodes}`, v.tip);
}
