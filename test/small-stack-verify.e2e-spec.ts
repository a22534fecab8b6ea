// verify() on a small V8 stack (about a tenth of Node's default), where any step that spreads a
// query's rows or a witness's checkpoints into one call's arguments overflows at about 13,000
// elements: 400 documents of 61 revisions each (24,400 revisions, which verify() once read back in
// one query to keep each document's last) and a witness of 20,000 checkpoints verify without a problem
// (support/small-stack-verify.child.ts). On SQLite here; on PostgreSQL in the postgres project.
import { spawnSync } from 'node:child_process';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';

afterAll(removeTempLedgers);

/** The child's V8 stack in KB (Node's default is 984); PostgreSQL's socket writes need more than 60 KB. */
const STACK_KB = 100;
const DOCUMENTS = 400;
const UPDATES = 60;
const WITNESS_ENTRIES = 20_000;

it(`verifies ${DOCUMENTS} documents of ${UPDATES + 1} revisions each, and against a witness of ${WITNESS_ENTRIES.toLocaleString('en-US')} checkpoints, on a ${STACK_KB} KB stack`, () => {
  const storage = JSON.stringify(storageAt(tempLedgerPath('small-stack')));
  const child = spawnSync(
    process.execPath,
    [`--stack-size=${STACK_KB}`, '-r', './test/support/register-ts.js', 'test/support/small-stack-verify.child.ts', storage, String(DOCUMENTS), String(UPDATES), String(WITNESS_ENTRIES)],
    { encoding: 'utf8', env: process.env },
  );
  expect(child.stderr).toBe('');
  expect(JSON.parse(child.stdout)).toEqual({ problems: [], witnessedProblems: [] });
});
