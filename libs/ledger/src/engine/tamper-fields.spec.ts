// verify() covers every stored field the engine reads, not only the hashed ones: block times, the
// strand row, the revision rows of each block (none deleted, none planted beyond the tip), data
// replaced by its hash without a recorded redaction; stored garbage gives located problems, never
// an exception or an endless loop; a damaged SQLite file gives DATABASE_CORRUPT, and `open`
// refuses a truncated one.
import { closeSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { dot, merkleRoot, TreeFrontier } from '../crypto';
import { fromIon, ionHash, toIon, type IonStructObject } from '../ion';
import { buildBlock, entriesHashList, headerEntryHash, newJournalId, type Block } from '../journal';
import { NotALedgerError } from '../storage';
import { blockToRows } from './journal-rows';
import { first, preparedLedger, tamper, verifyFile } from './tamper.fixture';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from './test-ledger.fixture';
import { onSqlite, type RawSql, testStorage } from './test-storage.fixture';

afterAll(removeTempLedgers);

async function header(sql: RawSql, sequenceNo: number): Promise<Block> {
  const row = await first<{ header: Buffer }>(sql, 'SELECT header FROM journal_block WHERE sequence_no = ?', [sequenceNo]);
  return fromIon(row.header) as unknown as Block;
}

async function setHeader(sql: RawSql, sequenceNo: number, block: object): Promise<void> {
  await sql.query('UPDATE journal_block SET header = ? WHERE sequence_no = ?', [Buffer.from(toIon(block as never, 'binary')), sequenceNo]);
}

/** Stores the tree the stored block hashes imply, as a writer that rewrote blocks would. */
async function rebuildTree(sql: RawSql): Promise<void> {
  const frontier = TreeFrontier.empty();
  const rows = await sql.query<{ h: Buffer }>('SELECT block_hash AS h FROM journal_block ORDER BY sequence_no');
  const nodes = rows.flatMap((row) => frontier.append(new Uint8Array(row.h)));
  await sql.query('DELETE FROM journal_tree_node');
  for (const node of nodes) await sql.query('INSERT INTO journal_tree_node (level, idx, hash) VALUES (?, ?, ?)', [node.level, node.index, Buffer.from(node.hash)]);
}

/** Rewrites the tip block with another blockTimestamp, every hash recomputed: only the time order can tell. */
async function restampTip(sql: RawSql, tip: number, time: Date): Promise<void> {
  const block = await header(sql, tip);
  const oldEntry = Buffer.from(headerEntryHash(block));
  block.blockTimestamp = time;
  block.entriesHashList = block.entriesHashList.map((entry) => (oldEntry.equals(entry) ? headerEntryHash(block) : entry));
  block.entriesHash = merkleRoot(block.entriesHashList);
  block.blockHash = dot(block.entriesHash, block.previousBlockHash);
  await setHeader(sql, tip, block);
  await sql.query('UPDATE journal_block SET block_hash = ?, block_time = ? WHERE sequence_no = ?', [Buffer.from(block.blockHash), time.toISOString(), tip]);
  await rebuildTree(sql);
}

/** Appends, after block 8, a block whose redactionInfo names a revision, with every hash and the tree recomputed. */
async function appendRedactionBlock(sql: RawSql, redactionInfo: IonStructObject): Promise<void> {
  const tip = await header(sql, 8);
  const block = buildBlock({
    strandId: tip.blockAddress.strandId,
    previous: { sequenceNo: 8, blockHash: tip.blockHash },
    transactionId: newJournalId(),
    timestamp: new Date(),
    statements: [{ statement: 'EXEC REDACT_REVISION ?, ?, ?', startTime: new Date() }],
  });
  block.redactionInfo = redactionInfo;
  block.entriesHashList = entriesHashList(block);
  block.entriesHash = merkleRoot(block.entriesHashList);
  block.blockHash = dot(block.entriesHash, block.previousBlockHash);
  const row = blockToRows(block, () => null).block;
  await sql.query('INSERT INTO journal_block (sequence_no, block_hash, block_time, header) VALUES (?, ?, ?, ?)', [
    9,
    Buffer.from(row.blockHash),
    row.blockTime,
    Buffer.from(row.header),
  ]);
  await rebuildTree(sql);
}

describe('verify() checks the unhashed columns the engine reads', () => {
  it('a block_time column that differs from the block header (history by time, the next commit\'s time)', async () => {
    const { path } = await preparedLedger();
    await tamper(path, (sql) => sql.query("UPDATE journal_block SET block_time = '2999-01-01T00:00:00.000Z' WHERE sequence_no = 5"));
    expect((await verifyFile(path, true)).problems).toEqual([expect.objectContaining({ code: 'BLOCK_TIME_MISMATCH', sequenceNo: 5 })]);
  });

  it('a blockTimestamp that goes back, in a block whose hashes all recompute', async () => {
    const { path } = await preparedLedger();
    await tamper(path, (sql) => restampTip(sql, 8, new Date('2000-01-01T00:00:00.000Z')));
    expect((await verifyFile(path, true)).problems).toContainEqual(expect.objectContaining({ code: 'TIMESTAMP_OUT_OF_ORDER', sequenceNo: 8 }));
  });

  it('a strand row naming another strand (the next commit would land on it)', async () => {
    const { path } = await preparedLedger();
    await tamper(path, (sql) => sql.query('UPDATE ledger_strand SET strand_id = ?', [newJournalId()]));
    expect((await verifyFile(path, true)).problems).toEqual([expect.objectContaining({ code: 'STRAND_MISMATCH', sequenceNo: 0 })]);
  });

  it("a deleted revision row that was its block's only one", async () => {
    const { path } = await preparedLedger();
    await tamper(path, (sql) => sql.query('DELETE FROM journal_revision WHERE sequence_no = 4'));
    expect((await verifyFile(path, true)).problems).toContainEqual(expect.objectContaining({ code: 'REVISION_MISSING', sequenceNo: 4 }));
  });

  it('a revision row planted beyond the tip', async () => {
    const { path } = await preparedLedger();
    await tamper(path, (sql) =>
      sql.query(`INSERT INTO journal_revision (sequence_no, position, table_id, document_id, version, hash, metadata, data, data_hash)
                 SELECT 9, position, table_id, document_id, version + 1, hash, metadata, data, data_hash FROM journal_revision WHERE sequence_no = 8`),
    );
    expect((await verifyFile(path, true)).problems).toEqual([expect.objectContaining({ code: 'ROW_BEYOND_TIP', sequenceNo: 8 })]);
  });

  it('revision rows moved off positions 0..n-1', async () => {
    const { path } = await preparedLedger();
    await tamper(path, (sql) => sql.query('UPDATE journal_revision SET position = 3 WHERE sequence_no = 6'));
    expect((await verifyFile(path, true)).problems).toEqual([expect.objectContaining({ code: 'REVISION_OUT_OF_PLACE', sequenceNo: 6 })]);
  });

  it('data replaced by its hash with no redaction block recording it', async () => {
    const { path } = await preparedLedger();
    await tamper(path, async (sql) => {
      const row = await first<{ data: Buffer }>(sql, 'SELECT data FROM journal_revision WHERE sequence_no = 4');
      await sql.query('UPDATE journal_revision SET data = NULL, data_hash = ? WHERE sequence_no = 4', [Buffer.from(ionHash(fromIon(row.data)))]);
    });
    expect((await verifyFile(path, true)).problems).toEqual([expect.objectContaining({ code: 'REDACTION_UNRECORDED', sequenceNo: 4 })]);
  });

  it('data replaced by its hash where a redaction block records it: valid', async () => {
    const { path, ids } = await preparedLedger();
    await tamper(path, async (sql) => {
      const row = await first<{ data: Buffer }>(sql, 'SELECT data FROM journal_revision WHERE sequence_no = 4');
      await sql.query('UPDATE journal_revision SET data = NULL, data_hash = ? WHERE sequence_no = 4', [Buffer.from(ionHash(fromIon(row.data)))]);
      await appendRedactionBlock(sql, { documentId: ids[2], blockAddress: { strandId: (await header(sql, 4)).blockAddress.strandId, sequenceNo: 4 } });
    });
    expect(await verifyFile(path, true)).toMatchObject({ valid: true, blocksVerified: 10 });
  });

  it('a data_hash column beside the data', async () => {
    const { path } = await preparedLedger();
    await tamper(path, (sql) => sql.query('UPDATE journal_revision SET data_hash = hash WHERE sequence_no = 3'));
    expect((await verifyFile(path, true)).problems).toContainEqual(expect.objectContaining({ code: 'REVISION_OUT_OF_PLACE', sequenceNo: 3 }));
  });
});

describe('verify() locates damaged derived rows by the block they belong to', () => {
  it('a current document that no revision implies: at the block it claims', async () => {
    const { path } = await preparedLedger();
    await tamper(path, (sql) =>
      sql.query('INSERT INTO ledger_document (document_id, table_id, version, sequence_no, data) SELECT ?, table_id, 0, 5, data FROM ledger_document WHERE sequence_no = 5', [
        newJournalId(),
      ]),
    );
    expect((await verifyFile(path, true)).problems).toEqual([expect.objectContaining({ code: 'DOCUMENT_MISMATCH', sequenceNo: 5 })]);
  });

  it('an index entry for a document the journal does not know: at the tip', async () => {
    const { path, ids } = await preparedLedger();
    await tamper(path, (sql) => sql.query('UPDATE ledger_index_entry SET document_id = ? WHERE document_id = ?', [newJournalId(), ids[0]]));
    const problems = (await verifyFile(path, true)).problems;
    expect(problems.map((p) => [p.code, p.sequenceNo]).sort()).toEqual([['INDEX_MISMATCH', 2], ['INDEX_MISMATCH', 8]]);
  });

  it('current data that is not Ion: a problem, not an exception', async () => {
    const { path, ids } = await preparedLedger();
    await tamper(path, (sql) => sql.query('UPDATE ledger_document SET data = ? WHERE document_id = ?', [Buffer.from([0xe0, 0x01, 0x00, 0xea, 0xff]), ids[4]]));
    expect((await verifyFile(path, true)).problems).toContainEqual(expect.objectContaining({ code: 'DOCUMENT_MISMATCH', sequenceNo: 6 }));
  });
});

describe('verify() never throws for stored garbage, and never loops', () => {
  it('a header whose document entry is not a struct', async () => {
    const { path } = await preparedLedger();
    await tamper(path, async (sql) => {
      const block = await header(sql, 3);
      const [id] = Object.keys(block.transactionInfo.documents);
      await setHeader(sql, 3, { ...block, transactionInfo: { ...block.transactionInfo, documents: { [id]: null } } });
    });
    expect((await verifyFile(path, true)).problems).toContainEqual(expect.objectContaining({ code: 'MALFORMED_BLOCK', sequenceNo: 3 }));
  });

  it('a header whose blockTimestamp is not a timestamp', async () => {
    const { path } = await preparedLedger();
    await tamper(path, async (sql) => setHeader(sql, 5, { ...(await header(sql, 5)), blockTimestamp: 'yesterday' }));
    expect((await verifyFile(path, true)).problems).toContainEqual(expect.objectContaining({ code: 'MALFORMED_BLOCK', sequenceNo: 5 }));
  });

  onSqlite(
    'text keys holding invalid UTF-8 (documents and index entries), with { all: true }',
    async () => {
      const { path, ids } = await preparedLedger();
      await tamper(path, async (sql) => {
        await sql.query("UPDATE ledger_document SET document_id = CAST(X'FF' || substr(CAST(document_id AS BLOB), 2) AS TEXT) WHERE document_id = ?", [ids[1]]);
        await sql.query("UPDATE ledger_index_entry SET document_id = CAST(X'FF' || substr(CAST(document_id AS BLOB), 2) AS TEXT) WHERE document_id = ?", [ids[3]]);
      });
      const problems = (await verifyFile(path, true)).problems;
      expect(problems.map((p) => p.code)).toEqual(['DOCUMENT_MISMATCH', 'DOCUMENT_MISMATCH', 'INDEX_MISMATCH', 'INDEX_MISMATCH', 'INDEX_MISMATCH']);
      expect(problems.every((p) => p.sequenceNo !== undefined)).toBe(true);
    },
    20_000,
  );

  onSqlite('a damaged b-tree page: DATABASE_CORRUPT problems, no SqliteError', async () => {
    const { path } = await preparedLedger();
    const [{ rootpage }] = await (async () => {
      const sql = await testStorage.raw(path);
      const rows = await sql.query<{ rootpage: number }>("SELECT rootpage FROM sqlite_master WHERE name = 'journal_revision'");
      await sql.close();
      return rows;
    })();
    const pageSize = readFileSync(path).readUInt16BE(16);
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.from([0x42, 0x42, 0x42, 0x42]), 0, 4, (rootpage - 1) * pageSize);
    closeSync(fd);
    const result = await verifyFile(path, true);
    expect(result.valid).toBe(false);
    expect(new Set(result.problems.map((p) => p.code))).toEqual(new Set(['DATABASE_CORRUPT']));
  });
});

describe('open refuses a damaged existing ledger file instead of starting a new ledger in it', () => {
  onSqlite('a file truncated to 0 bytes', async () => {
    const { path } = await preparedLedger();
    truncateSync(path, 0);
    await expect(openTestLedger(path)).rejects.toThrow(NotALedgerError);
    await expect(openTestLedger(path)).rejects.toThrow('the file is empty (0 bytes)');
    expect(statSync(path).size).toBe(0);
  });

  onSqlite('a file cut off after its first pages', async () => {
    const { path } = await preparedLedger();
    truncateSync(path, Math.floor(statSync(path).size / 2 / 4096) * 4096 || 4096);
    await expect(openTestLedger(path)).rejects.toThrow(/the file is truncated \(\d+ bytes; its header says \d+ pages of \d+ bytes\)/);
  });

  onSqlite('a file cut off inside a page', async () => {
    const { path } = await preparedLedger();
    truncateSync(path, statSync(path).size - 100);
    await expect(openTestLedger(path)).rejects.toThrow(NotALedgerError);
  });

  onSqlite('a missing file is still a new ledger', async () => {
    const ledger = await openTestLedger(tempLedgerPath());
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
  });
});
