// Validating a batch's reads: the database's side of every transaction's reads is fetched with one
// query per kind (documents, index values, tables) whatever the batch's size, and each read set
// is then checked against it and against what the batch itself changed.
import type { SqlQuery } from '../storage';
import { Catalog } from './catalog';
import type { Ledger } from './ledger';
import { indexKeyOf, ReadSet, StoredReads, type BatchChanges } from './read-set';
import { openTestLedger, removeTempLedgers } from './test-ledger.fixture';

afterAll(removeTempLedgers);

const NOTHING_CHANGED: BatchChanges = { documents: new Map(), tables: new Map(), indexKeys: new Map(), indexOrderKeys: new Map() };

interface Stored {
  documentId: string;
  tableId: string;
  sequenceNo: number;
  indexId: string;
  valueKey: Uint8Array;
  orderKey: Uint8Array;
}

/** Two accounts, the second committed after the first, with their index entries as stored. */
async function twoAccounts(ledger: Ledger): Promise<[Stored, Stored]> {
  await ledger.execute((tx) => {
    tx.createTable('Account');
    tx.createIndex('Account', 'owner');
  });
  const ana = await ledger.execute((tx) => tx.insert('Account', { owner: 'ana' }));
  const bo = await ledger.execute((tx) => tx.insert('Account', { owner: 'bo' }));
  const rows = await ledger.readDatabase((query) =>
    query<Stored>(
      `SELECT d.document_id AS "documentId", d.table_id AS "tableId", d.sequence_no AS "sequenceNo", e.index_id AS "indexId", e.value_key AS "valueKey", e.order_key AS "orderKey"
         FROM ledger_document d JOIN ledger_index_entry e ON e.document_id = d.document_id WHERE d.document_id IN (?, ?) ORDER BY d.sequence_no`,
      [ana, bo],
    ),
  );
  return [rows[0], rows[1]].map((row) => ({ ...row, sequenceNo: Number(row.sequenceNo) })) as [Stored, Stored];
}

describe('StoredReads', () => {
  let ledger: Ledger;
  beforeEach(async () => (ledger = await openTestLedger()));
  afterEach(() => ledger.close());

  it('reads the database side of a whole batch with one query per kind, and finds each read that changed', async () => {
    const [ana, bo] = await twoAccounts(ledger);
    const current = new ReadSet();
    current.document(ana.documentId, ana.sequenceNo);
    current.document('no-such-document', null);
    current.indexKey(ana.indexId, ana.valueKey, ana.sequenceNo);
    current.table(bo.tableId, bo.sequenceNo);
    const staleDocument = new ReadSet();
    staleDocument.document(bo.documentId, null);
    const staleIndexValue = new ReadSet();
    staleIndexValue.indexKey(bo.indexId, bo.valueKey, -1);
    const staleTable = new ReadSet();
    staleTable.table(ana.tableId, ana.sequenceNo);
    const batch = [current, staleDocument, staleIndexValue, staleTable, ...Array.from({ length: 28 }, () => current)];

    const verdicts = await ledger.readDatabase(async (query) => {
      let queries = 0;
      const counting: SqlQuery = (sql, parameters, name) => (queries++, query(sql, parameters, name));
      const stored = await StoredReads.of(counting, batch);
      const found = batch.slice(0, 4).map((reads) => reads.firstChange(Catalog.of([]), NOTHING_CHANGED, stored));
      return { queries, found };
    });
    expect(verdicts.queries).toBe(3);
    expect(verdicts.found).toEqual([
      undefined,
      `document ${bo.documentId}`,
      `a value looked up in index ${bo.indexId}`,
      `table ${ana.tableId}`,
    ]);
  });

  it('counts what earlier transactions of the batch wrote as changed, though the database does not hold it yet', async () => {
    const [ana] = await twoAccounts(ledger);
    const reads = new ReadSet();
    reads.document(ana.documentId, ana.sequenceNo);
    reads.indexKey(ana.indexId, ana.valueKey, ana.sequenceNo);
    const written = (changes: Partial<BatchChanges>): BatchChanges => ({ ...NOTHING_CHANGED, ...changes });
    const found = await ledger.readDatabase(async (query) => {
      const stored = await StoredReads.of(query, [reads]);
      return [
        reads.firstChange(Catalog.of([]), NOTHING_CHANGED, stored),
        reads.firstChange(Catalog.of([]), written({ documents: new Map([[ana.documentId, 1]]) }), stored),
        reads.firstChange(Catalog.of([]), written({ indexKeys: new Map([[indexKeyOf(ana.indexId, ana.valueKey), 1]]) }), stored),
      ];
    });
    expect(found).toEqual([undefined, `document ${ana.documentId}`, `a value looked up in index ${ana.indexId}`]);
  });

  it('lays the writes of batches not yet in the database over it: each read they change is found, and a batch already in it changes nothing', async () => {
    const [ana, bo] = await twoAccounts(ledger);
    const anaOnly = { lower: ana.orderKey, upper: ana.orderKey, lowerInclusive: true, upperInclusive: true };
    const reads = (kind: 'document' | 'absent document' | 'index value' | 'index range' | 'table'): ReadSet => {
      const set = new ReadSet();
      if (kind === 'document') set.document(ana.documentId, ana.sequenceNo);
      if (kind === 'absent document') set.document('Aaaaaaaaaaaaaaaaaaaaa1', null);
      if (kind === 'index value') set.indexKey(ana.indexId, ana.valueKey, ana.sequenceNo);
      if (kind === 'index range') set.indexRange(ana.indexId, anaOnly, ana.sequenceNo);
      if (kind === 'table') set.table(bo.tableId, bo.sequenceNo);
      return set;
    };
    const kinds = ['document', 'absent document', 'index value', 'index range', 'table'] as const;
    const inFlight = (sequenceNo: number, documentId = ana.documentId): BatchChanges => ({
      ...NOTHING_CHANGED,
      documents: new Map([[documentId, sequenceNo]]),
      tables: new Map([[ana.tableId, sequenceNo]]),
      indexKeys: new Map([[indexKeyOf(ana.indexId, ana.valueKey), sequenceNo]]),
      indexOrderKeys: new Map([[ana.indexId, [{ orderKey: ana.orderKey, sequenceNo }]]]),
    });
    const found = await ledger.readDatabase(async (query) => {
      const stored = await StoredReads.of(query, kinds.map(reads));
      const verdicts = (laid: StoredReads) => kinds.map((kind) => reads(kind).firstChange(Catalog.of([]), NOTHING_CHANGED, laid));
      return {
        none: verdicts(stored.withWrites([])),
        landed: verdicts(stored.withWrites([inFlight(ana.sequenceNo)])),
        ahead: verdicts(stored.withWrites([inFlight(bo.sequenceNo + 1, 'Aaaaaaaaaaaaaaaaaaaaa1'), inFlight(bo.sequenceNo + 2)])),
      };
    });
    expect(found.none).toEqual(kinds.map(() => undefined));
    expect(found.landed).toEqual(kinds.map(() => undefined)); // what it wrote is what the database holds already
    expect(found.ahead).toEqual([
      `document ${ana.documentId}`,
      'document Aaaaaaaaaaaaaaaaaaaaa1',
      `a value looked up in index ${ana.indexId}`,
      `a range looked up in index ${ana.indexId}`,
      `table ${bo.tableId}`,
    ]);
  });
});
