// One transaction of 20,000 documents (an indexed table) and 20,000 events commits, verifies,
// exports and imports into a ledger with the same digest, in a process whose V8 stack is about a
// tenth of the default (support/large-transaction.child.ts). A step that spreads a transaction's
// documents, revisions, index entries or events into one call's arguments overflows that stack at
// about 13,000 of them, as it overflows the default one at about 120,000: a user who raises
// limits.documentsPerTransaction gets a commit, not a RangeError. On SQLite files, and on
// PostgreSQL in the postgres project (pg's socket writes need more than 60 KB of stack anyway).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';

const directory = mkdtempSync(join(tmpdir(), 'ledger-large-transaction-'));
afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await removeTempLedgers();
});

const DOCUMENTS = 20_000;
/** The child's V8 stack in KB (Node's default is 984). */
const STACK_KB = 100;

it(`commits, verifies, exports and imports one transaction of ${DOCUMENTS.toLocaleString('en-US')} documents and events on a ${STACK_KB} KB stack`, () => {
  const child = spawnSync(process.execPath, [`--stack-size=${STACK_KB}`, '-r', './test/support/register-ts.js', 'test/support/large-transaction.child.ts', ...[tempLedgerPath('large'), tempLedgerPath('imported')].map((location) => JSON.stringify(storageAt(location))), join(directory, 'export'), String(DOCUMENTS)], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  expect(JSON.parse(child.stdout)).toEqual({ found: DOCUMENTS, problems: [], importedProblems: [], sameDigest: true });
}, 180_000);
