// An SQLite ledger of an older schema (the journal's first version: five migrations pending) whose
// migrating process is killed with SIGKILL at known points: inside a migration (some of its
// statements run), between two migrations (one recorded, the next not begun), and with every one
// recorded but not committed. The file is then as it was (nothing half-migrated), reopening runs
// every pending migration once, verify() is clean and each block and document is there, digest
// unchanged. The kill points and checks: support/migrate-crash-cases.ts; on PostgreSQL:
// postgres-migrate-crash.e2e-spec.ts. A process creating a new ledger killed once its migrations
// committed, inside the genesis block's transaction, leaves a migrated file holding no ledger,
// which the next opening creates. (A bookkeeping table the release cannot account for:
// migrate-option.spec.ts.)
import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { removeTempLedgers, tempLedgerPath } from '../libs/ledger/src/engine/test-ledger.fixture';
import { rawQuery } from '../libs/ledger/src/engine/test-storage.fixture';
import {
  expectMigratedEmptyThenCreated,
  expectPausedAt,
  expectReopenMigrates,
  expectUnmigrated,
  FIRST,
  firstSchemaLedger,
  GENESIS_KILL_POINTS,
  KILL_POINTS,
  migrateUntilKilled,
  type FirstSchema,
  type OldLedger,
} from './support/migrate-crash-cases';

afterAll(removeTempLedgers);

const CHILD = 'test/support/migrating-ledger.child.ts';

/** SQL undoing every migration after the first, newest first: the file as the journal's first release left it. */
const BACK_TO_FIRST_SCHEMA = `
  DROP TRIGGER journal_block_no_update;
  CREATE TRIGGER journal_block_no_update BEFORE UPDATE ON journal_block
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE on journal_block is refused'); END;
  DROP TABLE ledger_data_key;
  DROP TRIGGER journal_revision_no_update;
  CREATE TRIGGER journal_revision_no_update BEFORE UPDATE ON journal_revision
       BEGIN SELECT RAISE(ABORT, 'the journal is append-only: UPDATE on journal_revision is refused'); END;
  DROP TABLE ledger_projection;
  DROP INDEX ledger_index_entry_by_order;
  ALTER TABLE ledger_index_entry DROP COLUMN order_key;
  DELETE FROM ledger_migrations WHERE name <> '${FIRST}';`;

const SQLITE_FIRST_SCHEMA: FirstSchema = {
  undoLaterMigrations: async (file) => {
    const db = new Database(file);
    db.exec(BACK_TO_FIRST_SCHEMA);
    db.close();
  },
  describe: (file) => rawQuery(file, "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"),
};

const templateFile = tempLedgerPath('first-schema');
let template: OldLedger;
beforeAll(async () => {
  template = await firstSchemaLedger(templateFile, SQLITE_FIRST_SCHEMA);
});

/** A fresh copy of the first-schema ledger. */
function oldLedgerCopy(): string {
  const file = tempLedgerPath('migrating');
  copyFileSync(templateFile, file);
  return file;
}

describe('a process killed while it migrates an SQLite ledger', () => {
  it.each(KILL_POINTS)('$point: the file stays as it was, and reopening migrates it with every block and document intact', async (point) => {
    const file = oldLedgerCopy();
    expectPausedAt(await migrateUntilKilled(CHILD, file, point.statement, point.occurrence), point);
    await expectUnmigrated(file, template, SQLITE_FIRST_SCHEMA);
    await expectReopenMigrates(file, template);
  });

  it('survives being killed at each point in turn on the same file, then migrates it once', async () => {
    const file = oldLedgerCopy();
    for (const { statement, occurrence } of KILL_POINTS) {
      await migrateUntilKilled(CHILD, file, statement, occurrence);
      await expectUnmigrated(file, template, SQLITE_FIRST_SCHEMA);
    }
    await expectReopenMigrates(file, template);
  });
});

describe("a process killed inside a new SQLite ledger's genesis transaction, its migrations committed", () => {
  it.each(GENESIS_KILL_POINTS)('$point: the file is migrated and holds no ledger, and opening creates it', async (point) => {
    const file = tempLedgerPath('genesis');
    expectPausedAt(await migrateUntilKilled(CHILD, file, point.statement, point.occurrence), point);
    await expectMigratedEmptyThenCreated(file);
  });
});
