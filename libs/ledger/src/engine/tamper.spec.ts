// An attacker with write access to the database (the SQLite file, or the PostgreSQL schema): the
// journal's triggers refuse UPDATE and DELETE; with the triggers dropped, any changed byte is found
// by verify(), which names the block.
import { toIon, fromIon } from '../ion';
import { JOURNAL_TABLES } from '../storage/migrations/journal-schema.migration';
import { first, flipLastByte, preparedLedger, tamper, verifyFile } from './tamper.fixture';
import { removeTempLedgers } from './test-ledger.fixture';
import { testStorage } from './test-storage.fixture';

afterAll(removeTempLedgers);

describe('the journal is append-only in the database', () => {
  it.each(JOURNAL_TABLES)('refuses UPDATE and DELETE on %s', async (table) => {
    const { path } = await preparedLedger();
    const sql = await testStorage.raw(path);
    const column = table === 'journal_tree_node' ? 'idx' : 'sequence_no';
    await expect(sql.query(`UPDATE ${table} SET ${column} = ${column}`)).rejects.toThrow(`append-only: UPDATE on ${table}`);
    await expect(sql.query(`DELETE FROM ${table}`)).rejects.toThrow(`append-only: DELETE on ${table}`);
    if (testStorage.type === 'postgres') await expect(sql.query(`TRUNCATE ${table}`)).rejects.toThrow(`append-only: TRUNCATE on ${table}`);
    await sql.close();
    expect((await verifyFile(path)).valid).toBe(true);
  });
});

describe('verify() finds every tampered byte and names the block', () => {
  it('a byte of a revision\'s stored data', async () => {
    const { path } = await preparedLedger();
    await tamper(path, async (sql) => {
      const row = await first<{ data: Buffer }>(sql, 'SELECT data FROM journal_revision WHERE sequence_no = 4');
      await sql.query('UPDATE journal_revision SET data = ? WHERE sequence_no = 4', [flipLastByte(row.data)]);
    });
    const result = await verifyFile(path);
    expect(result.valid).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: 'REVISION_HASH_MISMATCH', sequenceNo: 4 });
  });

  it('a revision\'s metadata (its version)', async () => {
    const { path } = await preparedLedger();
    await tamper(path, async (sql) => {
      const row = await first<{ metadata: Buffer }>(sql, 'SELECT metadata FROM journal_revision WHERE sequence_no = 8');
      const metadata = fromIon(row.metadata) as Record<string, unknown>;
      await sql.query('UPDATE journal_revision SET metadata = ? WHERE sequence_no = 8', [Buffer.from(toIon({ ...metadata, version: 5 } as never, 'binary'))]);
    });
    expect((await verifyFile(path)).problems[0]).toMatchObject({ code: 'REVISION_HASH_MISMATCH', sequenceNo: 8 });
  });

  it('a byte of a block (its statements)', async () => {
    const { path } = await preparedLedger();
    await tamper(path, async (sql) => {
      const row = await first<{ header: Buffer }>(sql, 'SELECT header FROM journal_block WHERE sequence_no = 3');
      const header = fromIon(row.header) as { transactionInfo: { statements: Array<{ statement: string }> } };
      header.transactionInfo.statements[0].statement = 'INSERT INTO Account ? -- forged';
      await sql.query('UPDATE journal_block SET header = ? WHERE sequence_no = 3', [Buffer.from(toIon(header as never, 'binary'))]);
    });
    expect((await verifyFile(path)).problems[0]).toMatchObject({ code: 'TRANSACTION_INFO_MISMATCH', sequenceNo: 3 });
  });

  it('a block hash, and the chain after it', async () => {
    const { path } = await preparedLedger();
    await tamper(path, async (sql) => {
      const row = await first<{ header: Buffer }>(sql, 'SELECT header FROM journal_block WHERE sequence_no = 5');
      const header = fromIon(row.header) as { previousBlockHash: Uint8Array };
      header.previousBlockHash = flipLastByte(Buffer.from(header.previousBlockHash));
      await sql.query('UPDATE journal_block SET header = ? WHERE sequence_no = 5', [Buffer.from(toIon(header as never, 'binary'))]);
    });
    const result = await verifyFile(path, true);
    expect(result.problems[0]).toMatchObject({ code: 'BLOCK_HASH_MISMATCH', sequenceNo: 5 });
    expect(result.problems.map((p) => p.code)).toContain('CHAIN_BROKEN');
  });

  it('a tree node', async () => {
    const { path } = await preparedLedger();
    await tamper(path, async (sql) => {
      const row = await first<{ hash: Buffer }>(sql, 'SELECT hash FROM journal_tree_node WHERE level = 1 AND idx = 2');
      await sql.query('UPDATE journal_tree_node SET hash = ? WHERE level = 1 AND idx = 2', [flipLastByte(row.hash)]);
    });
    expect((await verifyFile(path)).problems[0]).toMatchObject({ code: 'TREE_NODE_MISMATCH', sequenceNo: 5 });
  });

  it('a deleted block', async () => {
    const { path } = await preparedLedger();
    await tamper(path, (sql) => sql.query('DELETE FROM journal_block WHERE sequence_no = 6'));
    expect((await verifyFile(path)).problems[0]).toMatchObject({ code: 'SEQUENCE_GAP', sequenceNo: 6 });
  });

  it('a current document (derived state) that no longer matches its last revision', async () => {
    const { path, ids } = await preparedLedger();
    await tamper(path, (sql) =>
      sql.query('UPDATE ledger_document SET data = ? WHERE document_id = ?', [Buffer.from(toIon({ owner: 'o2', balance: 1e6 }, 'binary')), ids[2]]),
    );
    expect((await verifyFile(path)).problems[0]).toMatchObject({ code: 'DOCUMENT_MISMATCH', sequenceNo: 8 });
  });

  it('an index entry that points a lookup at the wrong document', async () => {
    const { path, ids } = await preparedLedger();
    await tamper(path, (sql) => sql.query('UPDATE ledger_index_entry SET document_id = ? WHERE document_id = ?', [ids[1], ids[0]]));
    const result = await verifyFile(path, true);
    expect(result.problems.map((p) => p.code)).toEqual(['INDEX_MISMATCH', 'INDEX_MISMATCH']);
  });
});
