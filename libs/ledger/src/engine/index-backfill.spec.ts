// Creating an index on a table that already holds documents indexes them a page at a time: on a
// table of 2,550 documents (30 per block, so pages end inside a block's documents; one deleted, one
// updated, some without the indexed field) no query of the backfill returns more than a page of
// rows, every document holding the field is indexed once, verify() finds the entries right, and the
// index answers.
import { fromIon, type IonStructObject } from '../ion';
import { selectTableDocuments, type SqlQuery } from '../storage';
import { CATALOG_TABLE_ID, documentToDefinition, type TableDefinition } from './catalog';
import { backfillIndex, BACKFILL_PAGE_DOCUMENTS } from './catalog-changes';
import type { Ledger } from './ledger';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from './test-ledger.fixture';
import { rawQuery } from './test-storage.fixture';

afterAll(removeTempLedgers);

const DOCUMENTS = 2_550;
const PER_BLOCK = 30;

/** The code a document is indexed by; every tenth has none. */
const codeOf = (n: number): string | undefined => (n % 10 === 3 ? undefined : `c-${String(n).padStart(5, '0')}`);

/** A ledger whose table Item holds DOCUMENTS documents (one deleted, one updated) and no index yet. */
async function filledLedger(path: string): Promise<Ledger> {
  const ledger = await openTestLedger(path);
  await ledger.execute((tx) => tx.createTable('Item'));
  for (let first = 0; first < DOCUMENTS; first += PER_BLOCK) {
    await ledger.execute((tx) => {
      for (let n = first; n < Math.min(first + PER_BLOCK, DOCUMENTS); n++) tx.insert('Item', codeOf(n) === undefined ? { n } : { n, code: codeOf(n) });
    });
  }
  await ledger.query("DELETE FROM Item WHERE code = 'c-00007'");
  await ledger.query("UPDATE Item SET code = 'c-99999' WHERE code = 'c-02000'");
  return ledger;
}

/** The table definition of `name`, as the catalog holds it. */
async function definitionOf(query: SqlQuery, name: string): Promise<TableDefinition> {
  const definitions = (await selectTableDocuments(query, CATALOG_TABLE_ID)).map((row) => documentToDefinition(fromIon(row.data as Uint8Array) as IonStructObject));
  return definitions.find((definition) => definition.name === name) as TableDefinition;
}

/** `query`, recording how many rows each statement returned. */
function counted(query: SqlQuery, returned: number[]): SqlQuery {
  return async <Row>(sql: string, parameters?: readonly unknown[], name?: string) => {
    const rows = await query<Row>(sql, parameters, name);
    returned.push(rows.length);
    return rows;
  };
}

const storedEntries = (path: string, indexId: string) =>
  rawQuery(path, 'SELECT document_id, value_key, order_key FROM ledger_index_entry WHERE index_id = ? ORDER BY document_id, value_key', [indexId]);

describe('an index created on a table that holds documents', () => {
  let path: string;
  let ledger: Ledger;
  let indexId: string;

  beforeAll(async () => {
    path = tempLedgerPath('backfill');
    ledger = await filledLedger(path);
    indexId = await ledger.execute((tx) => tx.createIndex('Item', 'code'));
  });
  afterAll(() => ledger?.close());

  it('indexes every document that has the field once, and verify() finds the entries right', async () => {
    const indexed = Array.from({ length: DOCUMENTS }, (_, n) => n).filter((n) => n !== 7 && codeOf(n) !== undefined);
    expect(await storedEntries(path, indexId)).toHaveLength(indexed.length);
    expect(await ledger.verify()).toMatchObject({ valid: true, problems: [] });
    expect(await ledger.query("SELECT n FROM Item WHERE code = 'c-02549'")).toEqual([{ n: 2549 }]);
    expect(await ledger.query("SELECT n FROM Item WHERE code = 'c-99999'")).toEqual([{ n: 2000 }]);
    expect(await ledger.query("SELECT n FROM Item WHERE code = 'c-00007'")).toEqual([]);
  });

  it('reads the documents a page at a time, and writes the same entries again', async () => {
    const before = await storedEntries(path, indexId);
    const returned: number[] = [];
    await ledger.writeDatabase(async (query) => {
      const table = await definitionOf(query, 'Item');
      await backfillIndex(counted(query, returned), table, table.indexes.find((index) => index.indexId === indexId)!);
    });
    expect(Math.max(...returned)).toBeLessThanOrEqual(BACKFILL_PAGE_DOCUMENTS);
    expect(returned.filter((rows) => rows === BACKFILL_PAGE_DOCUMENTS)).toHaveLength(Math.floor(DOCUMENTS / BACKFILL_PAGE_DOCUMENTS));
    expect(await storedEntries(path, indexId)).toEqual(before);
  });
});
