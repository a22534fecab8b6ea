import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { foldProof, OriginMismatchError, verifyConsistency, verifySignedDigest } from '../crypto';
import { Decimal, ionHash, IonFloat, Timestamp } from '../ion';
import { eventHash, eventProof, newJournalId, statementDigest, verifyBlock, verifyChain, type Block } from '../journal';
import { NotALedgerError } from '../storage';
import { CATALOG_TABLE_NAME } from './catalog';
import {
  DocumentNotFoundError,
  InvalidArgumentError,
  LedgerClosedError,
  LimitExceededError,
  TableNotFoundError,
  TransactionClosedError,
} from './errors';
import { Ledger } from './ledger';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { testStorage } from './test-storage.fixture';

afterAll(removeTempLedgers);

async function vehicleLedger(database?: string): Promise<Ledger> {
  const ledger = await openTestLedger(database);
  await ledger.execute((tx) => {
    tx.createTable('Vehicle');
    tx.createIndex('Vehicle', 'VIN');
  });
  return ledger;
}

async function allBlocks(ledger: Ledger): Promise<Block[]> {
  const { digestTipAddress } = await ledger.getDigest();
  const blocks: Block[] = [];
  for (let sequenceNo = 0; sequenceNo <= digestTipAddress.sequenceNo; sequenceNo++) {
    blocks.push((await ledger.getBlock({ strandId: ledger.strandId, sequenceNo })).block);
  }
  return blocks;
}

describe('Ledger.open', () => {
  it('creates a genesis block on first open and keeps the strand on reopen', async () => {
    const path = tempLedgerPath();
    const ledger = await openTestLedger(path);
    const { digestTipAddress } = await ledger.getDigest();
    expect(digestTipAddress.sequenceNo).toBe(0);
    const { block } = await ledger.getBlock(digestTipAddress);
    expect(block.previousBlockHash).toHaveLength(0);
    expect(verifyBlock(block).valid).toBe(true);
    const strandId = ledger.strandId;
    await ledger.close();
    const reopened = await openTestLedger(path);
    expect(reopened.strandId).toBe(strandId);
    expect((await reopened.getDigest()).digestTipAddress.sequenceNo).toBe(0);
    await reopened.close();
  });

  (testStorage.type === 'sqlite' ? it : it.skip)('refuses a file that is not an SQLite database', async () => {
    const garbage = tempLedgerPath('garbage');
    writeFileSync(garbage, 'this is not SQLite at all'.repeat(200));
    await expect(openTestLedger(garbage)).rejects.toThrow(NotALedgerError);
  });

  it('refuses a database that is not a ledger', async () => {
    const foreign = tempLedgerPath('foreign');
    const raw = await testStorage.raw(foreign);
    await raw.query('CREATE TABLE customers (id INTEGER PRIMARY KEY)');
    await raw.close();
    await expect(openTestLedger(foreign)).rejects.toThrow(/holds other tables \(customers\)/);
  });

  it('refuses a ledger whose tip does not verify against its tree', async () => {
    const path = tempLedgerPath();
    const ledger = await vehicleLedger(path);
    await ledger.close();
    const raw = await testStorage.raw(path);
    await raw.allowChanges('journal_tree_node');
    await raw.query('DELETE FROM journal_tree_node WHERE level = 0 AND idx = 1');
    await raw.close();
    await expect(openTestLedger(path)).rejects.toThrow(/tip \(block 1\) does not verify against its tree/);
  });

  it('refuses another ledger name and bad options', async () => {
    const path = tempLedgerPath();
    await (await openTestLedger(path)).close();
    await expect(Ledger.open({ name: 'other', storage: storageAt(path) })).rejects.toThrow(/holds ledger "test"/);
    await expect(Ledger.open({ name: '', storage: storageAt(path) })).rejects.toThrow(InvalidArgumentError);
    await expect(Ledger.open({ name: 'x', storage: { type: 'mysql', database: path } as never })).rejects.toThrow(/options.storage/);
  });
});

describe('documents', () => {
  let ledger: Ledger;
  beforeEach(async () => (ledger = await vehicleLedger()));
  afterEach(() => ledger.close());

  it('inserts, reads, updates and deletes, one revision each', async () => {
    const id = await ledger.execute((tx) => tx.insert('Vehicle', { VIN: 'V1', Miles: 10 }));
    expect(await ledger.execute((tx) => tx.get('Vehicle', id))).toEqual({ documentId: id, version: 0, data: { VIN: 'V1', Miles: 10 } });
    await ledger.execute((tx) => tx.update('Vehicle', id, { VIN: 'V1', Miles: 20 }));
    expect((await ledger.execute((tx) => tx.get('Vehicle', id)))?.version).toBe(1);
    await ledger.execute((tx) => tx.delete('Vehicle', id));
    expect(await ledger.execute((tx) => tx.get('Vehicle', id))).toBeUndefined();
    const history = await ledger.execute((tx) => tx.history('Vehicle', { documentId: id }));
    expect(history.map((r) => [r.metadata?.version, r.data])).toEqual([
      [0, { VIN: 'V1', Miles: 10 }],
      [1, { VIN: 'V1', Miles: 20 }],
      [2, undefined],
    ]);
  });

  it('keeps Ion types exactly: decimals, big ints, floats, timestamps, blobs', async () => {
    const document = {
      price: new Decimal('90.250'),
      big: 2n ** 80n,
      float: new IonFloat(1),
      when: Timestamp.parse('2017-08-21T')!,
      at: new Date('2024-06-01T00:00:00.123Z'),
      bytes: new Uint8Array([0x0b, 0x0c, 0x0e]),
    };
    const id = await ledger.execute((tx) => tx.insert('Vehicle', document));
    const stored = await ledger.execute((tx) => tx.get('Vehicle', id));
    expect(ionHash(stored!.data)).toEqual(ionHash(document));
    expect(stored!.data.price).toBeInstanceOf(Decimal);
    expect(stored!.data.big).toBe(2n ** 80n);
  });

  it('sees its own writes before commit, and nothing of an aborted transaction after', async () => {
    const id = await ledger.execute(async (tx) => {
      const inserted = tx.insert('Vehicle', { VIN: 'V2' });
      expect((await tx.get('Vehicle', inserted))?.data).toEqual({ VIN: 'V2' });
      expect((await tx.find('Vehicle', { VIN: 'V2' })).map((d) => d.documentId)).toEqual([inserted]);
      return inserted;
    });
    await expect(
      ledger.execute(async (tx) => {
        await tx.update('Vehicle', id, { VIN: 'changed' });
        throw new Error('user code failed');
      }),
    ).rejects.toThrow('user code failed');
    expect((await ledger.execute((tx) => tx.get('Vehicle', id)))?.data).toEqual({ VIN: 'V2' });
  });

  it('finds through the index and by scanning, with the same answers', async () => {
    const ids = await ledger.execute((tx) => ['A', 'B', 'A', 'C'].map((vin, i) => tx.insert('Vehicle', { VIN: vin, Owner: `o${i % 2}` })));
    const byIndex = await ledger.execute((tx) => tx.find('Vehicle', { VIN: 'A' }));
    const byScan = await ledger.execute((tx) => tx.find('Vehicle', { Owner: 'o0' }));
    expect(byIndex.map((d) => d.documentId).sort()).toEqual([ids[0], ids[2]].sort());
    expect(byScan.map((d) => d.documentId).sort()).toEqual([ids[0], ids[2]].sort());
    expect(await ledger.execute((tx) => tx.find('Vehicle', { VIN: 'A', Owner: 'o1' }))).toEqual([]);
    expect((await ledger.execute((tx) => tx.scan('Vehicle'))).length).toBe(4);
  });

  it('writes one block per transaction with one statement per write, digesting parameters', async () => {
    const { block } = await ledger.transact(async (tx) => {
      const a = tx.insert('Vehicle', { VIN: 'S1' });
      tx.insert('Vehicle', { VIN: 'S2' });
      await tx.update('Vehicle', a, { VIN: 'S1', Miles: 1 });
    });
    expect(block!.transactionInfo.statements.map((s) => s.statement)).toEqual([
      'INSERT INTO Vehicle ?',
      'INSERT INTO Vehicle ?',
      'UPDATE Vehicle AS d BY id SET d = ? WHERE id = ?',
    ]);
    expect(block!.transactionInfo.statements[1].statementDigest).toEqual(statementDigest('INSERT INTO Vehicle ?', [{ VIN: 'S2' }]));
    expect(block!.revisions).toHaveLength(2);
    const first = block!.revisions!.find((r) => r.data?.VIN === 'S1')!;
    expect(first.metadata!.version).toBe(0);
    expect(block!.transactionInfo.documents[first.metadata!.id].statements).toEqual([0, 2]);
  });

  it('writes no block for a transaction that changes nothing', async () => {
    const before = await ledger.getDigest();
    const outcome = await ledger.transact(async (tx) => {
      await tx.scan('Vehicle');
      return 'read only';
    });
    expect(outcome).toEqual({ value: 'read only' });
    expect(await ledger.getDigest()).toEqual(before);
  });

  it('rejects bad input with typed errors and writes nothing', async () => {
    const before = await ledger.getDigest();
    const attempts: Array<[(tx: Parameters<Parameters<Ledger['execute']>[0]>[0]) => unknown, unknown]> = [
      [(tx) => tx.insert('Nope', {}), TableNotFoundError],
      [(tx) => tx.insert('Vehicle', [1, 2] as never), InvalidArgumentError],
      [(tx) => tx.insert('Vehicle', { f: () => 1 } as never), /not an Ion value/],
      [(tx) => tx.update('Vehicle', 'NoSuchDocument00000000', {}), DocumentNotFoundError],
      [(tx) => tx.delete('Vehicle', 'NoSuchDocument00000000'), DocumentNotFoundError],
      [(tx) => tx.createTable('1bad'), /table name "1bad" is invalid/],
      [(tx) => tx.createTable('Vehicle'), /already exists/],
      [(tx) => tx.createIndex('Vehicle', 'VIN'), /already has an index on VIN/],
      [(tx) => tx.find('Vehicle', {}), /at least one field/],
      [(tx) => tx.undropTable('NoSuchTable00000000000'), TableNotFoundError],
    ];
    for (const [attempt, error] of attempts) {
      await expect(ledger.execute(async (tx) => attempt(tx))).rejects.toThrow(error as never);
    }
    expect(await ledger.getDigest()).toEqual(before);
  });

  it('refuses to update a deleted document, or a document through another table, writing nothing', async () => {
    await ledger.execute((tx) => tx.createTable('Owner'));
    const [deleted, vehicle] = await ledger.execute((tx) => [tx.insert('Vehicle', { VIN: 'DELETED' }), tx.insert('Vehicle', { VIN: 'KEPT' })]);
    await ledger.execute((tx) => tx.delete('Vehicle', deleted));
    const before = await ledger.getDigest();
    await expect(ledger.execute((tx) => tx.update('Vehicle', deleted, { VIN: 'BACK' }))).rejects.toThrow(DocumentNotFoundError);
    await expect(ledger.execute((tx) => tx.update('Owner', vehicle, { Name: 'Jane' }))).rejects.toThrow(DocumentNotFoundError);
    await expect(ledger.execute((tx) => tx.delete('Owner', vehicle))).rejects.toThrow(DocumentNotFoundError);
    expect(await ledger.getDigest()).toEqual(before);
    expect((await ledger.execute((tx) => tx.get('Vehicle', vehicle)))?.data).toEqual({ VIN: 'KEPT' });
  });

  it('refuses a transaction object used after its callback', async () => {
    let escaped: Parameters<Parameters<Ledger['execute']>[0]>[0] | undefined;
    await ledger.execute((tx) => {
      escaped = tx;
    });
    expect(() => escaped!.insert('Vehicle', {})).toThrow(TransactionClosedError);
  });

  it('enforces the limits, naming the limit and the value', async () => {
    const limited = await openTestLedger(tempLedgerPath(), { limits: { documentBytes: 100, documentsPerTransaction: 3, transactionBytes: 250 } });
    await limited.execute((tx) => tx.createTable('T'));
    await expect(limited.execute((tx) => tx.insert('T', { s: 'x'.repeat(200) }))).rejects.toThrow(
      /documentBytes limit exceeded: 2\d\d bytes > 100 bytes/,
    );
    await expect(limited.execute((tx) => [1, 2, 3, 4].map((n) => tx.insert('T', { n })))).rejects.toThrow(LimitExceededError);
    await expect(limited.execute((tx) => [1, 2, 3].map(() => tx.insert('T', { s: 'y'.repeat(80) })))).rejects.toThrow(/transactionBytes/);
    const slowLocation = tempLedgerPath();
    const setUp = await openTestLedger(slowLocation); // the table is made without the 20 ms limit, which a loaded machine may spend on any transaction
    await setUp.execute((tx) => tx.createTable('T'));
    await setUp.close();
    const slow = await openTestLedger(slowLocation, { limits: { transactionMs: 20 } });
    await expect(
      slow.execute(async (tx) => {
        tx.insert('T', {});
        await new Promise((resolve) => setTimeout(resolve, 40));
      }),
    ).rejects.toThrow(/transactionMs limit exceeded/);
    expect((await limited.getDigest()).digestTipAddress.sequenceNo).toBe(1);
    await limited.close();
    await slow.close();
  });

  it('refuses use after close', async () => {
    const other = await openTestLedger();
    await other.close();
    await expect(other.execute(() => undefined)).rejects.toThrow(LedgerClosedError);
    await expect(other.getDigest()).rejects.toThrow(LedgerClosedError);
    await expect(other.verify()).rejects.toThrow(LedgerClosedError);
  });
});

describe('statements, events and annotations', () => {
  let ledger: Ledger;
  beforeEach(async () => (ledger = await vehicleLedger()));
  afterEach(() => ledger.close());

  it('commits events and a command statement as one block whose events prove against the digest', async () => {
    const { block } = await ledger.transact((tx) => {
      tx.recordStatement('Deposit', [{ accountId: 'A1', amount: new Decimal('10.00') }]);
      tx.appendEvents([{ type: 'MoneyDeposited', accountId: 'A1', amount: new Decimal('10.00') }]);
      tx.annotate({ correlationId: 'corr-1', actor: 'teller-7' });
    });
    expect(block!.events).toEqual([{ type: 'MoneyDeposited', accountId: 'A1', amount: new Decimal('10.00') }]);
    expect(block!.transactionInfo).toMatchObject({ correlationId: 'corr-1', actor: 'teller-7', documents: {} });
    expect(block!.transactionInfo.statements[0].statementDigest).toEqual(statementDigest('Deposit', [{ accountId: 'A1', amount: new Decimal('10.00') }]));
    const { block: stored, proof } = await ledger.getBlock(block!.blockAddress);
    expect(ionHash(stored as never)).toEqual(ionHash(block as never));
    const { digest } = await ledger.getDigest();
    expect(foldProof(eventHash(stored.events![0]), eventProof(stored, 0, proof))).toEqual(digest);
    expect(await ledger.verify({ all: true })).toMatchObject({ problems: [] });
  });

  it('writes no block for a statement that raised no event and changed nothing', async () => {
    const before = await ledger.getDigest();
    expect(await ledger.transact((tx) => tx.recordStatement('NoOp'))).toEqual({ value: 0 });
    expect(await ledger.getDigest()).toEqual(before);
  });

  it('refuses annotations over the ledger\'s own fields, and events that are not structs', async () => {
    await expect(ledger.execute((tx) => tx.annotate({ documents: {} }))).rejects.toThrow(/written by the ledger/);
    await expect(ledger.execute((tx) => tx.appendEvents([42 as never]))).rejects.toThrow(InvalidArgumentError);
  });
});

describe('tables and indexes', () => {
  let ledger: Ledger;
  beforeEach(async () => (ledger = await vehicleLedger()));
  afterEach(() => ledger.close());

  it('drops a table (history kept) and undrops it by id', async () => {
    const id = await ledger.execute((tx) => tx.insert('Vehicle', { VIN: 'D1' }));
    const tables = await ledger.execute((tx) => tx.scan(CATALOG_TABLE_NAME));
    const tableId = tables.find((t) => t.data.name === 'Vehicle')!.documentId;
    await ledger.execute((tx) => tx.dropTable('Vehicle'));
    await expect(ledger.execute((tx) => tx.get('Vehicle', id))).rejects.toThrow(TableNotFoundError);
    await ledger.execute((tx) => tx.undropTable(tableId));
    expect((await ledger.execute((tx) => tx.get('Vehicle', id)))?.data).toEqual({ VIN: 'D1' });
  });

  it('indexes existing documents when an index is created, and forgets a dropped index', async () => {
    await ledger.execute((tx) => ['x', 'y', 'x'].forEach((color) => tx.insert('Vehicle', { VIN: color, Color: color })));
    const indexId = await ledger.execute((tx) => tx.createIndex('Vehicle', 'Color'));
    expect(await ledger.execute((tx) => tx.find('Vehicle', { Color: 'x' }))).toHaveLength(2);
    await ledger.execute((tx) => tx.dropIndex('Vehicle', indexId));
    expect(await ledger.execute((tx) => tx.find('Vehicle', { Color: 'x' }))).toHaveLength(2);
    expect((await ledger.verify()).valid).toBe(true);
  });

  it('records the catalog as journaled documents of information_schema.user_tables', async () => {
    const [vehicle] = await ledger.execute((tx) => tx.find(CATALOG_TABLE_NAME, { name: 'Vehicle' }));
    expect(vehicle.data).toEqual({
      name: 'Vehicle',
      tableId: vehicle.documentId,
      status: 'ACTIVE',
      indexes: [{ indexId: expect.any(String), expr: '[VIN]', status: 'ONLINE' }],
    });
  });
});

describe('digests and proofs', () => {
  let ledger: Ledger;
  let ids: string[];
  beforeAll(async () => {
    ledger = await vehicleLedger();
    ids = [];
    for (let i = 0; i < 12; i++) ids.push(await ledger.execute((tx) => tx.insert('Vehicle', { VIN: `P${i}` })));
    await ledger.execute((tx) => tx.update('Vehicle', ids[3], { VIN: 'P3', Miles: 1 }));
  });
  afterAll(() => ledger.close());

  it('serves a journal whose blocks verify as one chain', async () => {
    const blocks = await allBlocks(ledger);
    expect(blocks).toHaveLength(15);
    expect(verifyChain(blocks)).toEqual({ valid: true, problems: [] });
  });

  it('proves every block and every revision against the digest, at every tip', async () => {
    const current = await ledger.getDigest();
    for (const block of await allBlocks(ledger)) {
      for (const tip of [block.blockAddress.sequenceNo, current.digestTipAddress.sequenceNo]) {
        const tipAddress = { strandId: ledger.strandId, sequenceNo: tip };
        const proven = await ledger.getBlock(block.blockAddress, tipAddress);
        const { digest } = await ledger.getConsistencyProof(tipAddress, tipAddress).then((p) => p.newDigest);
        expect(foldProof(proven.block.blockHash, proven.proof)).toEqual(digest);
        for (const revision of block.revisions ?? []) {
          const { revision: stored, proof } = await ledger.getRevision(block.blockAddress, revision.metadata!.id, tipAddress);
          expect(foldProof(stored.hash, proof)).toEqual(digest);
        }
      }
    }
  });

  it('proves that later digests only appended', async () => {
    const current = await ledger.getDigest();
    for (let old = 0; old < current.digestTipAddress.sequenceNo; old++) {
      const { oldDigest, newDigest, proof } = await ledger.getConsistencyProof({ strandId: ledger.strandId, sequenceNo: old });
      expect(newDigest).toEqual(current);
      expect(verifyConsistency(oldDigest.digest, old + 1, newDigest.digest, current.digestTipAddress.sequenceNo + 1, proof)).toBe(true);
    }
  });

  it('signs the digest when a key is configured', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const path = tempLedgerPath();
    const signed = await openTestLedger(path, { signingKey: privateKey, signingOrigin: 'bank.example/ledger' });
    const { note, digest, digestTipAddress } = await signed.getSignedDigest();
    const origin = `bank.example/ledger/${signed.strandId}`;
    expect(signed.checkpointOrigin).toBe(origin);
    expect(verifySignedDigest(note, publicKey, { origin })).toEqual({ origin, treeSize: digestTipAddress.sequenceNo + 1, digest });
    expect(() => verifySignedDigest(note, publicKey, { origin: `bank.example/ledger/${ledger.strandId}` })).toThrow(OriginMismatchError);
    await signed.close();
    await expect(ledger.getSignedDigest()).rejects.toThrow(/no signingKey/);
  });

  it('rejects addresses outside the journal or on another strand', async () => {
    await expect(ledger.getBlock({ strandId: ledger.strandId, sequenceNo: 999 })).rejects.toThrow(/outside the journal \(0\.\.14\)/);
    await expect(ledger.getBlock({ strandId: 'Other', sequenceNo: 1 })).rejects.toThrow(InvalidArgumentError);
    await expect(ledger.getRevision({ strandId: ledger.strandId, sequenceNo: 1 }, ids[0])).rejects.toThrow(/holds no revision/);
  });
});

describe('documents under chosen ids, and journal reads without proofs', () => {
  let ledger: Ledger;
  beforeEach(async () => (ledger = await vehicleLedger()));
  afterEach(() => ledger.close());

  it('inserts under a chosen journal id once, and refuses a taken or malformed id', async () => {
    const id = newJournalId();
    await ledger.execute((tx) => tx.insertWithId('Vehicle', id, { VIN: 'C1' }));
    expect(await ledger.execute((tx) => tx.get('Vehicle', id))).toEqual({ documentId: id, version: 0, data: { VIN: 'C1' } });
    await expect(ledger.execute((tx) => tx.insertWithId('Vehicle', id, { VIN: 'C2' }))).rejects.toThrow(`document id ${id} is already taken`);
    await expect(ledger.execute((tx) => tx.insertWithId('Vehicle', 'short', {}))).rejects.toThrow(/"short" is not a journal id/);
    const twice = newJournalId();
    await expect(
      ledger.execute(async (tx) => {
        await tx.insertWithId('Vehicle', twice, {});
        await tx.insertWithId('Vehicle', twice, {});
      }),
    ).rejects.toThrow(/already taken/);
    expect((await ledger.verify()).valid).toBe(true);
  });

  it('lets only one of two concurrent inserts under the same id commit', async () => {
    const id = newJournalId();
    const outcomes = await Promise.allSettled(
      ['A', 'B'].map((VIN) => ledger.execute((tx) => tx.insertWithId('Vehicle', id, { VIN }), { retry: { maxRetries: 0 } })),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: expect.stringMatching(/OCC_CONFLICT|INVALID_ARGUMENT/) } });
  });

  it('reads a document once per transaction: a later read sees the row its commit validates', async () => {
    const id = await ledger.execute((tx) => tx.insert('Vehicle', { VIN: 'once' }));
    let attempts = 0;
    const seen = await ledger.execute(async (tx) => {
      attempts++;
      const first = await tx.get('Vehicle', id);
      if (attempts === 1) await ledger.execute((other) => other.update('Vehicle', id, { VIN: 'changed' }));
      const again = await tx.get('Vehicle', id);
      await tx.update('Vehicle', id, { VIN: `${again!.data.VIN}+` });
      return [first!.version, again!.version];
    });
    expect(attempts).toBe(2);
    expect(seen).toEqual([1, 1]);
    expect((await ledger.execute((tx) => tx.get('Vehicle', id)))!.data).toEqual({ VIN: 'changed+' });
  });

  it('reads blocks in order without proofs, with or without their revisions, and a document\'s blocks', async () => {
    const id = await ledger.execute((tx) => tx.insert('Vehicle', { VIN: 'R1', Miles: 0 }));
    for (const miles of [1, 2, 3]) await ledger.execute((tx) => tx.update('Vehicle', id, { VIN: 'R1', Miles: miles }));
    const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
    const blocks = await ledger.readBlocks(0, tip + 10);
    expect(blocks.map((b) => b.blockAddress.sequenceNo)).toEqual([...Array(tip + 1).keys()]);
    expect(verifyChain(blocks)).toEqual({ valid: true, problems: [] });
    const headers = await ledger.readBlocks(tip - 1, tip, { revisions: false });
    expect(headers.map((b) => [b.blockAddress.sequenceNo, b.revisions])).toEqual([
      [tip - 1, undefined],
      [tip, undefined],
    ]);
    expect(await ledger.readBlocks(tip + 1, tip + 5)).toEqual([]);
    const ofDocument = await ledger.documentBlocks(id, { fromVersion: 1, toVersion: 2 });
    expect(ofDocument.map((b) => b.blockAddress.sequenceNo)).toEqual([tip - 2, tip - 1]);
    expect((await ledger.documentBlocks(id)).map((b) => b.transactionInfo.documents[id].tableName)).toEqual(['Vehicle', 'Vehicle', 'Vehicle', 'Vehicle']);
  });
});
