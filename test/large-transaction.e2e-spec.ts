// One transaction of 15,000 documents (an indexed table) and 15,000 events commits, verifies,
// exports and imports into a ledger with the same digest, in a process whose V8 stack is a
// sixteenth of the default (support/large-transaction.child.ts). A step that spreads a
// transaction's documents, revisions, index entries or events into one call's arguments overflows
// that stack at several thousand of them, as it overflows the default one at about 120,000: a user who
// raises limits.documentsPerTransaction gets a commit, not a RangeError.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const directory = mkdtempSync(join(tmpdir(), 'ledger-large-transaction-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const DOCUMENTS = 15_000;
/** The child's V8 stack in KB (Node's default is 984). */
const STACK_KB = 60;

it(`commits, verifies, exports and imports one transaction of ${DOCUMENTS.toLocaleString('en-US')} documents and events on a ${STACK_KB} KB stack`, () => {
  const child = spawnSync(process.execPath, [`--stack-size=${STACK_KB}`, '-r', './test/support/register-ts.js', 'test/support/large-transaction.child.ts', directory, String(DOCUMENTS)], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  expect(JSON.parse(child.stdout)).toEqual({ found: DOCUMENTS, problems: [], importedProblems: [], sameDigest: true });
}, 180_000);
