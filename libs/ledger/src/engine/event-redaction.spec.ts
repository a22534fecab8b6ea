// Redaction of an event's payload: the event keeps its envelope and its payload becomes the payload
// field's digest, in the block row and every copy the database keeps (SQLite: the file and its
// write-ahead log scanned byte by byte), recorded by a block of its own; verify() stays valid,
// proofs of the redacted event and its neighbour still fold to the digest, exports and streams carry
// the redacted form, the rules refuse the rest with typed errors that write nothing, and a redacted
// event no block records is reported.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldProof } from '../crypto';
import { exportJournal, importJournal } from '../export';
import { fromIon, IonAnnotated, ionFieldDigest, toIon, type IonStructObject, type IonValue } from '../ion';
import { eventHash, eventProof, redactedEvent, REDACTED_ANNOTATION, type Block, type BlockAddress, type JournalEvent } from '../journal';
import { AccessDeniedError, InvalidArgumentError, RedactionRefusedError } from './errors';
import type { Ledger } from './ledger';
import { first, tamper, verifyFile } from './tamper.fixture';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from './test-ledger.fixture';
import { onPostgres, onSqlite, sqliteFilesHold, tempFilePath, testStorage } from './test-storage.fixture';
import { runAsPrincipal } from './access/principal-context';
import '../partiql';

afterAll(removeTempLedgers);

interface Prepared {
  location: string;
  ledger: Ledger;
  /** The block of both events: the first's payload holds the secret, the second is its neighbour. */
  address: BlockAddress;
  events: JournalEvent[];
  secret: string;
}

function accountEvent(streamVersion: number, payload: IonStructObject): JournalEvent {
  return { type: 'Opened', schemaVersion: 1, aggregate: 'Account', streamId: 'acct-1', streamVersion, occurredAt: new Date(Date.UTC(2026, 11, 6)), payload };
}

/** A block of two events, the first holding a secret in its payload, and a later block. */
async function prepared(options: Parameters<typeof openTestLedger>[1] = {}): Promise<Prepared> {
  const location = tempLedgerPath('event-redaction');
  const ledger = await openTestLedger(location, options);
  const secret = `secret-${randomBytes(12).toString('hex')}`;
  const events = [accountEvent(0, { owner: 'Ana', ssn: secret, note: `${secret}-note`.repeat(200) }), accountEvent(1, { amount: 5 })];
  const { block } = await runAsPrincipal('admin', () => ledger.transact((tx) => tx.appendEvents(events)));
  await runAsPrincipal('admin', () => ledger.transact((tx) => tx.appendEvents([accountEvent(2, { amount: 7 })])));
  return { location, ledger, address: (block as Block).blockAddress, events, secret };
}

async function tipOf(ledger: Ledger): Promise<number> {
  return (await ledger.getDigest()).digestTipAddress.sequenceNo;
}

async function blockAt(ledger: Ledger, address: BlockAddress): Promise<Block> {
  const [block] = await ledger.readBlocks(address.sequenceNo, address.sequenceNo);
  return block;
}

describe('ledger.redactEvent', () => {
  it('keeps the envelope, replaces the payload by its digest, records the request in a block of its own, and verify() stays valid', async () => {
    const { ledger, address, events } = await prepared();
    const redaction = await ledger.redactEvent(address, 0);
    expect(redaction).toMatchObject({ blockAddress: address, eventIndex: 0, redactionBlockAddress: { sequenceNo: await tipOf(ledger) } });

    const request = await blockAt(ledger, redaction.redactionBlockAddress);
    expect(request.redactionInfo).toEqual({ blockAddress: address, eventIndex: 0 });
    expect(request.events).toBeUndefined();
    expect(request.transactionInfo.statements.map((s) => s.statement)).toEqual(['EXEC REDACT_EVENT ?, ?']);

    const [redacted, neighbour] = (await blockAt(ledger, address)).events!;
    const { payload, ...envelope } = events[0];
    expect(redacted).toEqual({ ...envelope, payload: new IonAnnotated([REDACTED_ANNOTATION], ionFieldDigest('payload', payload!)) });
    expect(neighbour).toEqual(events[1]);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true, problems: [] });
    await ledger.close();
  });

  it('keeps the proofs of the redacted event, its neighbour and the blocks around it', async () => {
    const { ledger, address, events } = await prepared();
    await ledger.redactEvent(address, 0);
    const { digest } = await ledger.getDigest();
    const proven = await ledger.getBlock(address);
    proven.block.events!.forEach((event, index) => {
      expect(eventHash(event)).toEqual(eventHash(events[index]));
      expect(foldProof(eventHash(event), eventProof(proven.block, index, proven.proof))).toEqual(digest);
    });
    for (let sequenceNo = address.sequenceNo - 1; sequenceNo <= (await tipOf(ledger)); sequenceNo++) {
      const block = await ledger.getBlock({ strandId: ledger.strandId, sequenceNo });
      expect(foldProof(block.block.blockHash, block.proof)).toEqual(digest);
    }
    await ledger.close();
  });

  onSqlite('leaves none of the payload in the SQLite file or its write-ahead log', async () => {
    const { location, ledger, address, secret } = await prepared();
    expect(sqliteFilesHold(location, secret)).toBe(true);
    const { scrub } = await ledger.redactEvent(address, 0);
    expect(scrub).toEqual({ steps: ['PRAGMA wal_checkpoint(TRUNCATE)'], remains: [] });
    expect(sqliteFilesHold(location, secret)).toBe(false);
    await ledger.close();
    expect(sqliteFilesHold(location, secret)).toBe(false);
  });

  onPostgres('leaves no payload in the block row, and VACUUMs the blocks when the role owns them', async () => {
    const { location, ledger, address, secret } = await prepared();
    const { scrub } = await ledger.redactEvent(address, 0);
    expect(scrub.steps).toContain('VACUUM journal_block');
    await ledger.close();
    await tamper(location, async (sql) => {
      const holding = await sql.query("SELECT sequence_no FROM journal_block WHERE position(convert_to(?, 'UTF8') IN header) > 0", [secret]);
      expect(holding).toEqual([]);
      const row = await first<{ header: Uint8Array }>(sql, 'SELECT header FROM journal_block WHERE sequence_no = ?', [address.sequenceNo]);
      expect(((fromIon(row.header) as unknown as Block).events ?? []).length).toBe(2);
    });
  });

  it('runs as EXEC REDACT_EVENT with parameters or an Ion literal, returning the event named', async () => {
    const { ledger, address } = await prepared();
    expect(await ledger.query('EXEC REDACT_EVENT ?, ?', address as never, 1)).toEqual([{ blockAddress: address, eventIndex: 1 }]);
    const literal = await ledger.query(`EXEC redact_event \`{strandId: "${address.strandId}", sequenceNo: ${address.sequenceNo}}\`, 0`);
    expect(literal).toEqual([{ blockAddress: address, eventIndex: 0 }]);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  it('exports the redacted form, which imports and verifies', async () => {
    const { ledger, address, secret } = await prepared();
    await ledger.redactEvent(address, 0);
    const directory = tempFilePath('export');
    await exportJournal(ledger, directory);
    await ledger.close();
    const text = readdirSync(directory).map((name) => readFileSync(join(directory, name), 'utf8')).join('\n');
    expect(text).not.toContain(secret);
    expect(text).toContain(`${REDACTED_ANNOTATION}::`);
    const copy = tempLedgerPath('imported');
    await importJournal(directory, storageAt(copy));
    expect(await verifyFile(copy, true)).toMatchObject({ valid: true });
  });

  it('streams the redaction block, and the redacted event from then on', async () => {
    const { ledger, address } = await prepared();
    const redaction = await ledger.redactEvent(address, 0);
    const iterator = ledger.streamIterator();
    const records = [];
    for (let record = await iterator.next(); !record.done; record = await iterator.next()) {
      records.push(record.value);
      if (record.value.recordType === 'BLOCK_SUMMARY' && record.value.payload.blockAddress.sequenceNo === redaction.redactionBlockAddress.sequenceNo) break;
    }
    await iterator.return();
    expect(records.find((r) => r.recordType === 'BLOCK_SUMMARY' && r.payload.redactionInfo)).toMatchObject({ payload: { redactionInfo: { blockAddress: address, eventIndex: 0 } } });
    const event = records.find((r) => r.recordType === 'EVENT' && r.payload.blockAddress.sequenceNo === address.sequenceNo && r.payload.eventIndex === 0);
    expect(event).toMatchObject({ payload: { event: { streamVersion: 0, payload: expect.any(IonAnnotated) } } });
    await ledger.close();
  });
});

describe('the rules, each refused with RedactionRefusedError and nothing written', () => {
  async function refused(ledger: Ledger, work: () => Promise<unknown>, reason: RegExp): Promise<void> {
    const tip = await tipOf(ledger);
    const error = await work().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedactionRefusedError);
    expect((error as Error).message).toMatch(/^the event cannot be redacted: /);
    expect((error as Error).message).toMatch(reason);
    expect(await tipOf(ledger)).toBe(tip);
  }

  it('no such block or event, an event without payload, an event already redacted', async () => {
    const { ledger, address } = await prepared();
    await refused(ledger, () => ledger.redactEvent({ ...address, sequenceNo: 999 }, 0), /the journal has no block 999/);
    await refused(ledger, () => ledger.redactEvent(address, 2), /block \d+ holds no event at index 2 \(it holds 2\)/);
    await refused(ledger, () => ledger.redactEvent({ ...address, sequenceNo: 0 }, 0), /block 0 holds no event at index 0 \(it holds 0\)/);
    const { block } = await ledger.transact((tx) => tx.appendEvents([{ type: 'Ping' }]));
    await refused(ledger, () => ledger.redactEvent((block as Block).blockAddress, 0), /event 0 of block \d+ has no payload field to redact/);
    const { redactionBlockAddress } = await ledger.redactEvent(address, 0);
    await refused(ledger, () => ledger.redactEvent(address, 0), /event 0 of block \d+ is already redacted/);
    await refused(ledger, () => ledger.redactEvent(redactionBlockAddress, 0), /holds no event at index 0/);
    await refused(ledger, () => ledger.redactEvent({ ...address, strandId: 'A'.repeat(22) }, 0), /strand "AAAA.*" is not this ledger's strand/);
    expect(await ledger.verify({ all: true })).toMatchObject({ valid: true });
    await ledger.close();
  });

  it('two redactions in one transaction, or a redaction beside writes', async () => {
    const { ledger, address } = await prepared();
    await refused(ledger, () => ledger.execute(async (tx) => {
      await tx.redactEvent(address, 0);
      await tx.redactEvent(address, 1);
    }), /one event/);
    await refused(ledger, () => ledger.execute(async (tx) => {
      await tx.redactEvent(address, 0);
      tx.appendEvents([accountEvent(3, { amount: 1 })]);
    }), /block of its own/);
    await ledger.close();
  });

  it('concurrent redactions: of one event, one commits and the other is refused; of two events of a block, both commit', async () => {
    const { ledger, address } = await prepared();
    const same = await Promise.allSettled([ledger.redactEvent(address, 0), ledger.redactEvent(address, 0)]);
    expect(same.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(same.find((o) => o.status === 'rejected')).toMatchObject({ reason: expect.any(RedactionRefusedError) });
    const { ledger: other, address: otherAddress } = await prepared();
    await Promise.all([other.redactEvent(otherAddress, 0), other.redactEvent(otherAddress, 1)]);
    expect((await blockAt(other, otherAddress)).events!.map((e) => e.payload instanceof IonAnnotated)).toEqual([true, true]);
    for (const l of [ledger, other]) expect(await l.verify({ all: true })).toMatchObject({ valid: true });
    await Promise.all([ledger.close(), other.close()]);
  });
});

describe('bad input and access: typed refusals, nothing written', () => {
  it.each([
    ['a block address that is not a struct', 'nowhere', 0, /block address "nowhere" is not a struct/],
    ['a strandId that is not a journal id', { strandId: 'short', sequenceNo: 1 }, 0, /strandId "short" is not a journal id/],
    ['a negative event index', undefined, -1, /event index -1 is not a non-negative integer/],
    ['a fractional event index', undefined, 0.5, /event index 0.5 is not a non-negative integer/],
    ['an event index that is a string', undefined, '0', /event index "0" is not a non-negative integer/],
  ])('%s: InvalidArgumentError naming the value', async (_case, given, index, message) => {
    const { ledger, address } = await prepared();
    const tip = await tipOf(ledger);
    const error = await ledger.redactEvent((given ?? address) as never, index as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(message);
    expect(await tipOf(ledger)).toBe(tip);
    await expect(ledger.query('EXEC REDACT_EVENT ?', address as never)).rejects.toThrow(/REDACT_EVENT takes 2 arguments \(block address, event index\), not 1/);
    await ledger.close();
  });

  it('an event written with the reserved annotation on a field is refused when appended', async () => {
    const { ledger, address } = await prepared();
    const forged = redactedEvent(accountEvent(9, { amount: 1 }));
    await expect(ledger.execute((tx) => tx.appendEvents([forged]))).rejects.toThrow(/an event field carries the annotation ledger_redacted, which marks a redacted payload and is reserved/);
    await expect(ledger.execute((tx) => tx.appendEvents([{ type: new IonAnnotated([REDACTED_ANNOTATION], 'x') }]))).rejects.toThrow(InvalidArgumentError);
    expect((await blockAt(ledger, address)).events).toHaveLength(2);
    await ledger.close();
  });

  it('without `redact` on the event\'s aggregate table: AccessDeniedError naming it; with it, the redaction records the principal', async () => {
    const { ledger, address } = await prepared({ accessControl: { administrators: ['admin'], recheckMs: 0 } });
    await runAsPrincipal('admin', async () => {
      await ledger.access.defineRole('clerk', [{ action: 'select', table: 'Account' }]);
      await ledger.access.defineRole('eraser', [{ action: 'redact', table: 'Account' }]);
      await ledger.access.grantRole('carl', 'clerk');
      await ledger.access.grantRole('erin', 'eraser');
    });
    const tip = await runAsPrincipal('admin', () => tipOf(ledger));
    const denied = await runAsPrincipal('carl', () => ledger.redactEvent(address, 0)).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(AccessDeniedError);
    expect(denied).toMatchObject({ principal: 'carl', action: 'redact', on: 'Account' });
    await expect(runAsPrincipal('carl', () => ledger.query('EXEC REDACT_EVENT ?, ?', address as never, 0))).rejects.toThrow(AccessDeniedError);
    expect(await runAsPrincipal('admin', () => tipOf(ledger))).toBe(tip);
    const { redactionBlockAddress } = await runAsPrincipal('erin', () => ledger.redactEvent(address, 0));
    const request = await runAsPrincipal('admin', () => blockAt(ledger, redactionBlockAddress));
    expect(request.transactionInfo.principal).toBe('erin');
    await ledger.close();
  });
});

describe('the journal refuses every other change of a block row, and verify() sees through one that bypasses it', () => {
  /** Block `address`'s header rewritten in the database, its event at `index` replaced by `change(event)`. */
  async function rewriteEvent(location: string, address: BlockAddress, index: number, change: (event: JournalEvent) => JournalEvent): Promise<void> {
    const sql = await testStorage.raw(location); // the journal's trigger lets a header-only change through
    try {
      const row = await first<{ header: Uint8Array }>(sql, 'SELECT header FROM journal_block WHERE sequence_no = ?', [address.sequenceNo]);
      const header = fromIon(row.header) as unknown as Block;
      header.events = header.events!.map((event, i) => (i === index ? change(event) : event));
      await sql.query('UPDATE journal_block SET header = ? WHERE sequence_no = ?', [Buffer.from(toIon(header as unknown as IonValue, 'binary')), address.sequenceNo]);
    } finally {
      await sql.close();
    }
  }

  it('an UPDATE of a block row that changes its hash, time or number is refused by the database', async () => {
    const { location, ledger, address } = await prepared();
    await ledger.close();
    const sql = await testStorage.raw(location);
    try {
      await expect(sql.query('UPDATE journal_block SET block_hash = header WHERE sequence_no = ?', [address.sequenceNo])).rejects.toThrow(/append-only/);
      await expect(sql.query("UPDATE journal_block SET block_time = '2030-01-01T00:00:00.000Z' WHERE sequence_no = ?", [address.sequenceNo])).rejects.toThrow(/append-only/);
      await expect(sql.query('UPDATE journal_block SET sequence_no = 999 WHERE sequence_no = ?', [address.sequenceNo])).rejects.toThrow(/append-only/);
      await expect(sql.query('DELETE FROM journal_block WHERE sequence_no = ?', [address.sequenceNo])).rejects.toThrow(/append-only/);
    } finally {
      await sql.close();
    }
  });

  it('an event redacted in the database without its request block: REDACTION_UNRECORDED', async () => {
    const { location, ledger, address } = await prepared();
    await ledger.close();
    await rewriteEvent(location, address, 1, redactedEvent);
    const result = await verifyFile(location, true);
    expect(result.problems.map((p) => p.code)).toEqual(['REDACTION_UNRECORDED']);
    expect(result.problems[0].message).toMatch(/event 1 of block \d+ holds only its payload's digest, and no redaction block records it/);
  });

  it('a redaction block that names another event than the one redacted: REDACTION_UNRECORDED', async () => {
    const { location, ledger, address } = await prepared();
    await ledger.redactEvent(address, 0);
    await ledger.close();
    await rewriteEvent(location, address, 1, redactedEvent);
    expect((await verifyFile(location, true)).problems.map((p) => p.code)).toEqual(['REDACTION_UNRECORDED']);
  });

  it.each([
    ['its digest changed', (e: JournalEvent) => ({ ...e, payload: new IonAnnotated([REDACTED_ANNOTATION], ionFieldDigest('payload', { amount: 6 })) }), 'EVENTS_ROOT_MISMATCH'],
    ['an envelope field changed', (e: JournalEvent) => ({ ...e, streamId: 'acct-2' }), 'EVENTS_ROOT_MISMATCH'],
    ['its digest moved to another field', (e: JournalEvent) => ({ ...e, type: e.payload, payload: { amount: 5 } }), 'MALFORMED_BLOCK'],
  ])('a redacted event with %s no longer verifies', async (_case, change, code) => {
    const { location, ledger, address } = await prepared();
    await ledger.redactEvent(address, 1);
    await ledger.close();
    await rewriteEvent(location, address, 1, change);
    expect((await verifyFile(location, true)).problems.map((p) => p.code)).toContain(code);
  });
});
