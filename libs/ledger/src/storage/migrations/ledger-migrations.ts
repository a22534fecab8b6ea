// Every schema migration, oldest first: TypeORM runs those a database has not run yet, in this
// order, so a ledger created by an older release opens in a newer one. Append new ones here, and
// write their SQL with the dialect helper (sql-dialect.ts) so they run on SQLite and PostgreSQL.
import { DataKey1763700000005 } from './data-key.migration';
import { EventRedaction1763700000006 } from './event-redaction.migration';
import { IndexOrderKey1763700000002 } from './index-order-key.migration';
import { JournalSchema1763700000001 } from './journal-schema.migration';
import { ProjectionCheckpoint1763700000003 } from './projection-checkpoint.migration';
import { RevisionRedaction1763700000004 } from './revision-redaction.migration';

export const LEDGER_MIGRATIONS = [JournalSchema1763700000001, IndexOrderKey1763700000002, ProjectionCheckpoint1763700000003, RevisionRedaction1763700000004, DataKey1763700000005, EventRedaction1763700000006];
