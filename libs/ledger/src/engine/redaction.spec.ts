// Redaction as QLDB's REDACT_REVISION: a past revision loses its data for its data's hash in the
// journal and every copy the database keeps (SQLite: the file and its write-ahead log scanned byte
// by byte), recorded by a block of its own; verify() stays valid, proofs of the redacted revision
// and its neighbours still fold to the digest, exports and streams carry the redacted form, and
// QLDB's rules refuse the rest with typed errors that write nothing.
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldProof } from '../crypto';
import { exportJournal, importJournal } from '../export';
import { ionHash, toIon } from '../ion';
import type { Block, BlockAddress } from '../journal';
import { InvalidArgumentError, RedactionRefusedError } from './errors';
import type { Ledger } from './ledger';
import { first, tamper, verifyFile } from './tamper.fixture';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { onPostgres, onSqlite, sqliteFilesHold, tempFilePath, testStorage } from './test-storage.fixture';
import '../partiql';

afterAll(removeTempLedgers);

interface Prepared {
  location: string;
  ledger: Ledger;
  tableId: string;
  /** The document whose first revision holds the secret, and a neighbour inserted in the same block. */
  id: string;
  neighbour: string;
  /** The block of both first revisions. */
  first: BlockAddress;
  secret: string;
  original: { name: string; ssn: string; note: string };
}

/** A table indexed on ssn; a document holding a secret in version 0 (beside a neighbour), then updated twice. */
async function prepared(): Promise<Prepared> {
  const location = tempLedgerPath('redaction');
  const ledger = await openTestLedger(location);
  const tableId = await ledger.execute((tx) => {
    const id = tx.createTable('Person');
    tx.createIndex('Person', 'ssn');
    return id;
  });
  const secret = `secret-${randomBytes(12).toString('hex')}`;
  const original = { name: 'Ana', ssn: secret, note: `${secret}-note`.repeat(200) };
  const { value: ids, block } = await ledger.transact((tx) => [tx.insert('Person', original), tx.insert('Person', { name: 'Bo', ssn: 'public' })]);
  await ledger.execute((tx) => tx.update('Person', ids[0], { name: 'Ana', ssn: 'changed' }));
  await ledger.execute((tx) => tx.update('Person', ids[0], { name: 'Ana', ssn: 'changed again' }));
  return { location, ledger, tableId, id: ids[0], neighbour: ids[1], first: (block as Block).blockAddress, secret, original };
}

async function tipOf(ledger: Ledger): Promise<number> {
  return (await ledger.getDigest()).digestTipAddress.sequenceNo;
}

describe('ledger.redactRevision', () => {
  it('replaces a past revision by its data hash, recorded by a block of its own, and verify() stays valid', async () => {
    const { ledger, tableId, id, first: address, original } = await prepared();
    const redaction = await ledger.redactRevision(address, tableId, id);
    expect(redaction).toMatchObject({ blockAddress: address, tableId, documentId: id, version: 0, redactionBlockAddress: { sequenceNo: (await tipOf(ledger)) } });

    const [block] = await ledger.readBlocks(redaction.redactionBlockAddress.sequenceNo, redaction.redactionBlockAddress.sequenceNo);
    expect(block.redactionInfo).toEqual({ blockAddress: address, tableId, documentId: id, version: 0 });
    expect(block.revisions).toBeUndefined();
    expect(block.transactionInfo.statements.map((s) => s.statement)).toEqual(['EXEC REDACT_REVISION ?, ?, ?']);

    const history = await ledger.execute((tx) => tx.history('Person', { documentId: id }));
    expect(history.map((r) => [r.metadata?.version, r.data === undefined])).toEqual([[0, true], [1, false], [2, false]]);
    expect(history[0].dataHash).toEqual(ionHash(original));
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });

  it('keeps the proofs of the redacted revision, its neighbour and the blocks around it', async () => {
    const { ledger, tableId, id, neighbour, first: address } = await prepared();
    const before = await ledger.getRevision(address, id);
    await ledger.redactRevision(address, tableId, id);
    const { digest } = await ledger.getDigest();
    const redacted = await ledger.getRevision(address, id);
    expect(redacted.revision.data).toBeUndefined();
    expect(redacted.revision.hash).toEqual(before.revision.hash);
    expect(foldProof(redacted.revision.hash, redacted.proof)).toEqual(digest);
    const next = await ledger.getRevision(address, neighbour);
    expect(next.revision.data).toEqual({ name: 'Bo', ssn: 'public' });
    expect(foldProof(next.revision.hash, next.proof)).toEqual(digest);
    for (let sequenceNo = address.sequenceNo - 1; sequenceNo <= (await tipOf(ledger)); sequenceNo++) {
      const proven = await ledger.getBlock({ strandId: ledger.strandId, sequenceNo });
      expect(foldProof(proven.block.blockHash, proven.proof)).toEqual(digest);
    }
    await ledger.close();
  });

  onSqlite('leaves none of the data in the SQLite file or its write-ahead log', async () => {
    const { location, ledger, tableId, id, first: address, secret } = await prepared();
    expect(sqliteFilesHold(location, secret)).toBe(true);
    const { scrub } = await ledger.redactRevision(address, tableId, id);
    expect(scrub).toEqual({ steps: ['PRAGMA wal_checkpoint(TRUNCATE)'], remains: [] });
    expect(sqliteFilesHold(location, secret)).toBe(false);
    await ledger.close();
    expect(sqliteFilesHold(location, secret)).toBe(false);
  });

  onSqlite('rebuilds the file on request, for free space written before secure_delete was on', async () => {
    const { location, ledger } = await prepared();
    const marker = `deleted-${randomBytes(8).toString('hex')}`;
    const older = new Database(location); // a connection as an older release had it: deleted content left in free space
    older.pragma('secure_delete = OFF');
    older.prepare('INSERT INTO ledger_projection (name, next_sequence_no, next_index) VALUES (?, 0, 0)').run(marker);
    older.prepare('DELETE FROM ledger_projection WHERE name = ?').run(marker);
    older.close();
    await ledger.scrub();
    expect(sqliteFilesHold(location, marker)).toBe(true);
    expect(await ledger.scrub({ rebuild: true })).toEqual({ steps: ['VACUUM', 'PRAGMA wal_checkpoint(TRUNCATE)'], remains: [] });
    expect(sqliteFilesHold(location, marker)).toBe(false);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  onPostgres('leaves no data in the revision row, and VACUUMs the table when the role owns it', async () => {
    const { location, ledger, tableId, id, first: address, secret } = await prepared();
    const { scrub } = await ledger.redactRevision(address, tableId, id);
    expect(scrub.steps.sort()).toEqual(['VACUUM journal_block', 'VACUUM journal_revision', 'VACUUM ledger_data_key', 'VACUUM ledger_document', 'VACUUM ledger_index_entry']);
    expect(scrub.remains.join('\n')).toMatch(/write-ahead log/);
    await ledger.close();
    await tamper(location, async (sql) => {
      const row = await first<{ data: unknown; hex: string }>(sql, 'SELECT data, encode(data_hash, \'hex\') AS hex FROM journal_revision WHERE sequence_no = ? AND document_id = ?', [address.sequenceNo, id]);
      expect(row.data).toBeNull();
      const holding = await sql.query("SELECT 1 FROM journal_revision WHERE position(convert_to(?, 'UTF8') IN data) > 0", [secret]);
      expect(holding).toEqual([]);
    });
  });

  it('runs as EXEC REDACT_REVISION with parameters or Ion literals, returning what QLDB returned', async () => {
    const { ledger, tableId, id, neighbour } = await prepared();
    const [v1] = await ledger.execute((tx) => tx.history('Person', { documentId: id })).then((h) => h.slice(1, 2));
    const result = await ledger.query('EXEC REDACT_REVISION ?, ?, ?', v1.blockAddress as never, tableId, id);
    expect(result).toEqual([{ blockAddress: v1.blockAddress, tableId, documentId: id, version: 1 }]);
    await ledger.execute((tx) => tx.update('Person', neighbour, { name: 'Bo', ssn: 'moved' }));
    const [n0] = await ledger.execute((tx) => tx.history('Person', { documentId: neighbour }));
    const { strandId, sequenceNo } = n0.blockAddress as BlockAddress;
    const literal = await ledger.query(`EXEC REDACT_REVISION \`{strandId: "${strandId}", sequenceNo: ${sequenceNo}}\`, '${tableId}', '${neighbour}'`);
    expect(literal).toEqual([{ blockAddress: { strandId, sequenceNo }, tableId, documentId: neighbour, version: 0 }]);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  it('exports the redacted form, which imports and verifies', async () => {
    const { ledger, tableId, id, first: address, secret } = await prepared();
    await ledger.redactRevision(address, tableId, id);
    const directory = tempFilePath('export');
    await exportJournal(ledger, directory);
    await ledger.close();
    const text = readdirSync(directory).map((name) => readFileSync(join(directory, name), 'utf8')).join('\n');
    expect(text).not.toContain(secret);
    expect(text).toMatch(/dataHash:/);
    expect(text).toMatch(/redactionInfo:/);
    const copy = tempLedgerPath('imported');
    await importJournal(directory, storageAt(copy));
    expect(await verifyFile(copy, true)).toMatchObject({ valid: true });
  });

  it('streams the redaction block, and the redacted revision from then on', async () => {
    const { ledger, tableId, id, first: address } = await prepared();
    const redaction = await ledger.redactRevision(address, tableId, id);
    const iterator = ledger.streamIterator();
    const records = [];
    for (let record = await iterator.next(); !record.done; record = await iterator.next()) {
      records.push(record.value);
      if (record.value.recordType === 'BLOCK_SUMMARY' && record.value.payload.blockAddress.sequenceNo === redaction.redactionBlockAddress.sequenceNo) break;
    }
    await iterator.return();
    const summary = records.find((r) => r.recordType === 'BLOCK_SUMMARY' && r.payload.redactionInfo);
    expect(summary).toMatchObject({ payload: { redactionInfo: { documentId: id, version: 0 } } });
    const details = records.find((r) => r.recordType === 'REVISION_DETAILS' && r.payload.revision.metadata?.id === id);
    expect(details).toMatchObject({ payload: { revision: { dataHash: expect.any(Uint8Array) } } });
    expect(details && 'data' in (details.payload as { revision: object }).revision).toBe(false);
    await ledger.close();
  });
});

describe("QLDB's rules, each refused with RedactionRefusedError and nothing written", () => {
  async function refused(ledger: Ledger, work: () => Promise<unknown>, reason: RegExp): Promise<void> {
    const tip = await tipOf(ledger);
    const error = await work().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedactionRefusedError);
    expect((error as Error).message).toMatch(reason);
    expect(await tipOf(ledger)).toBe(tip);
  }

  it('the latest revision of a document, a deletion, and a revision already redacted', async () => {
    const { ledger, tableId, id, neighbour, first: address } = await prepared();
    const latest = (await ledger.execute((tx) => tx.history('Person', { documentId: id })))[2];
    await refused(ledger, () => ledger.redactRevision(latest.blockAddress as BlockAddress, tableId, id), /revision 2 is the latest of document/);
    const { block } = await ledger.transact((tx) => tx.delete('Person', neighbour));
    await refused(ledger, () => ledger.redactRevision((block as Block).blockAddress, tableId, neighbour), /revision 1 of document .* deleted it and holds no data/);
    await ledger.redactRevision(address, tableId, neighbour); // a deleted document's earlier revisions can be
    await ledger.redactRevision(address, tableId, id);
    await refused(ledger, () => ledger.redactRevision(address, tableId, id), /revision 0 of document .* is already redacted/);
    expect(await ledger.verify()).toMatchObject({ valid: true });
    await ledger.close();
  });

  it("a dropped table's revisions (until it is undropped), and the catalog's", async () => {
    const { ledger, tableId, id, first: address } = await prepared();
    await ledger.execute((tx) => tx.dropTable('Person'));
    await refused(ledger, () => ledger.redactRevision(address, tableId, id), /table Person .* is dropped; undrop it/);
    await ledger.execute((tx) => tx.undropTable(tableId));
    await expect(ledger.redactRevision(address, tableId, id)).resolves.toMatchObject({ version: 0 });
    await refused(ledger, () => ledger.redactRevision({ strandId: ledger.strandId, sequenceNo: 1 }, 'UserTables000000000000', tableId), /catalog/);
    await ledger.close();
  });

  it('a revision not where the arguments place it: another block, table or strand', async () => {
    const { ledger, tableId, id, first: address } = await prepared();
    await refused(ledger, () => ledger.redactRevision({ ...address, sequenceNo: address.sequenceNo + 1 }, tableId, ledger.strandId.replace(/.$/, 'x')), /holds no revision/);
    await refused(ledger, () => ledger.redactRevision({ ...address, sequenceNo: 999 }, tableId, id), /block 999 holds no revision/);
    const otherTable = await ledger.execute((tx) => tx.createTable('Other'));
    await refused(ledger, () => ledger.redactRevision(address, otherTable, id), /holds no revision of document .* in table/);
    await refused(ledger, () => ledger.redactRevision({ ...address, strandId: 'A'.repeat(22) }, tableId, id), /strand "AAAA.*" is not this ledger's strand/);
    await ledger.close();
  });

  it('two redactions in one transaction, or a redaction beside writes', async () => {
    const { ledger, tableId, id, neighbour, first: address } = await prepared();
    await ledger.execute((tx) => tx.update('Person', neighbour, { name: 'Bo', ssn: 'x' }));
    await refused(ledger, () => ledger.execute(async (tx) => {
      await tx.redactRevision(address, tableId, id);
      await tx.redactRevision(address, tableId, neighbour);
    }), /one revision/);
    await refused(ledger, () => ledger.execute(async (tx) => {
      await tx.redactRevision(address, tableId, id);
      tx.insert('Person', { name: 'Cy' });
    }), /block of its own/);
    await ledger.close();
  });

  it('two concurrent redactions of one revision: one commits, the other is refused', async () => {
    const { ledger, tableId, id, first: address } = await prepared();
    const outcomes = await Promise.allSettled([ledger.redactRevision(address, tableId, id), ledger.redactRevision(address, tableId, id)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(RedactionRefusedError) });
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });
});

describe('arguments of the wrong form: InvalidArgumentError naming the value, nothing written', () => {
  it.each([
    ['a block address that is not a struct', 'nowhere', /block address "nowhere" is not a struct/],
    ['a strandId that is not a journal id', { strandId: 'short', sequenceNo: 1 }, /strandId "short" is not a journal id/],
    ['a negative sequenceNo', { strandId: 'A'.repeat(22), sequenceNo: -1 }, /sequenceNo -1 is not a non-negative integer/],
    ['a fractional sequenceNo', { strandId: 'A'.repeat(22), sequenceNo: 1.5 }, /sequenceNo 1.5 is not/],
  ])('%s', async (_case, address, message) => {
    const { ledger, tableId, id } = await prepared();
    const tip = await tipOf(ledger);
    await expect(ledger.redactRevision(address as never, tableId, id)).rejects.toThrow(InvalidArgumentError);
    await expect(ledger.redactRevision(address as never, tableId, id)).rejects.toThrow(message);
    expect(await tipOf(ledger)).toBe(tip);
    await ledger.close();
  });

  it('a table id or document id that is not a journal id', async () => {
    const { ledger, tableId, id, first: address } = await prepared();
    await expect(ledger.redactRevision(address, 'Person', id)).rejects.toThrow(/table id "Person" is not a journal id/);
    await expect(ledger.redactRevision(address, tableId, 42 as never)).rejects.toThrow(/document id 42 is not a journal id/);
    await expect(ledger.query('EXEC REDACT_REVISION ?, ?', address as never, tableId)).rejects.toThrow(/REDACT_REVISION takes 3 arguments/);
    await expect(ledger.query('EXEC DROP_EVERYTHING ?', 1)).rejects.toThrow(/no stored procedure is named DROP_EVERYTHING/);
    await ledger.close();
  });
});

describe('the journal refuses every other change of a revision row, and verify() sees through one that bypasses it', () => {
  it('an UPDATE that is not a redaction is refused by the database', async () => {
    const { location, ledger, tableId, id, first: address } = await prepared();
    await ledger.redactRevision(address, tableId, id);
    await ledger.close();
    const sql = await testStorage.raw(location);
    try {
      await expect(sql.query('UPDATE journal_revision SET data = metadata WHERE sequence_no = ?', [address.sequenceNo])).rejects.toThrow(/append-only/);
      await expect(sql.query('UPDATE journal_revision SET data = ?, data_hash = NULL WHERE document_id = ? AND version = 0', [Buffer.from(toIon({ a: 1 }, 'binary')), id])).rejects.toThrow(/append-only/);
      await expect(sql.query('UPDATE journal_revision SET data = NULL, data_hash = hash, version = 7 WHERE document_id = ? AND version = 1', [id])).rejects.toThrow(/append-only/);
    } finally {
      await sql.close();
    }
  });

  it('a redaction block that names another revision than the one emptied: REDACTION_UNRECORDED', async () => {
    const { location, ledger, tableId, id, neighbour, first: address } = await prepared();
    await ledger.redactRevision(address, tableId, id);
    await ledger.close();
    const sql = await testStorage.raw(location);
    const row = await first<{ hash: Buffer }>(sql, 'SELECT hash FROM journal_revision WHERE document_id = ?', [neighbour]);
    await sql.query('UPDATE journal_revision SET data = NULL, data_hash = ? WHERE document_id = ?', [row.hash, neighbour]); // the trigger lets a redaction-shaped change through
    await sql.close();
    const problems = (await verifyFile(location, true)).problems.map((p) => p.code);
    expect(problems).toContain('REDACTION_UNRECORDED');
    expect(problems).toContain('REVISION_HASH_MISMATCH');
  });

  it('a redacted revision whose data hash was changed: its hash no longer recomputes', async () => {
    const { location, ledger, tableId, id, first: address } = await prepared();
    await ledger.redactRevision(address, tableId, id);
    await ledger.close();
    await tamper(location, (sql) => sql.query('UPDATE journal_revision SET data_hash = hash WHERE document_id = ? AND version = 0', [id]));
    expect((await verifyFile(location, true)).problems.map((p) => p.code)).toContain('REVISION_HASH_MISMATCH');
  });
});
