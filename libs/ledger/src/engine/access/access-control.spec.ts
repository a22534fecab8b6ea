// Access control in the style of QLDB's STANDARD permissions mode: every table and ledger action
// refused to a principal no role allows it, with AccessDeniedError and nothing written; the
// principal of every write in its block's transactionInfo, covered by the block hash; grants as
// journaled blocks, checked against the journal before they are used.
import '../../partiql';
import { firstValueFrom } from 'rxjs';
import { fromIon, toIon, type IonStructObject } from '../../ion';
import { AccessDeniedError, AccessGrantsTamperedError, InvalidArgumentError } from '../errors';
import { Ledger } from '../ledger';
import { tamper } from '../tamper.fixture';
import { openTestLedger, removeTempLedgers, storageAt, tempLedgerPath } from '../test-ledger.fixture';
import { GRANTS_TABLE } from './grants-table';
import { SubjectKeys } from '../subject-keys';
import { selectDataKey } from '../../storage';
import { runAsPrincipal } from './principal-context';
import type { AccessAction } from './ledger-actions';

afterAll(removeTempLedgers);

const ACCESS = { administrators: ['admin'], recheckMs: 0 };
const as = <T>(principal: string | null, work: () => Promise<T>) => runAsPrincipal(principal, work);

/** A ledger with access control: table Account (one document, an index) and a dropped table Old, made by admin. */
async function governedLedger(path = tempLedgerPath()): Promise<{ ledger: Ledger; path: string; documentId: string; indexId: string; oldTableId: string; accountTableId: string }> {
  const ledger = await openTestLedger(path, { accessControl: ACCESS });
  const ids = await as('admin', async () => {
    await ledger.query('CREATE TABLE Account');
    const [{ indexId }] = await ledger.query<{ indexId: string }>('CREATE INDEX ON Account (owner)');
    const [{ documentId }] = await ledger.query<{ documentId: string }>("INSERT INTO Account VALUE {'owner': 'ann', 'balance': 10}");
    const [{ tableId }] = await ledger.query<{ tableId: string }>('CREATE TABLE Old');
    await ledger.query('DROP TABLE Old');
    const [{ accountTableId }] = await ledger.query<{ accountTableId: string }>("SELECT tableId AS accountTableId FROM information_schema.user_tables WHERE name = 'Account'");
    await ledger.access.defineRole('reader', [{ action: 'select', table: 'Account' }]);
    await ledger.access.grantRole('rita', 'reader');
    return { indexId, documentId, oldTableId: tableId, accountTableId };
  });
  return { ledger, path, ...ids };
}

async function tipOf(ledger: Ledger): Promise<number> {
  return as('admin', async () => (await ledger.getDigest()).digestTipAddress.sequenceNo);
}

/** Expects `work`, run as `principal`, to be refused for `action` on `on`, with the journal's tip unchanged. */
async function expectDenied(ledger: Ledger, principal: string | null, action: AccessAction, on: string | undefined, work: () => Promise<unknown>): Promise<void> {
  const tip = await tipOf(ledger);
  const refusal = await as(principal, work).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(refusal).toBeInstanceOf(AccessDeniedError);
  expect(refusal).toMatchObject({ code: 'ACCESS_DENIED', principal, action, on });
  expect(await tipOf(ledger)).toBe(tip);
}

describe('without access control', () => {
  it('checks nothing and writes blocks without a principal, as before', async () => {
    const ledger = await openTestLedger();
    const { block } = await ledger.transact((tx) => tx.createTable('T'));
    expect(Object.keys(block!.transactionInfo).sort()).toEqual(['documents', 'statements']);
    expect(ledger.access.enabled).toBe(false);
    await ledger.close();
  });

  it('records the principal a transaction runs as, covered by the block hash', async () => {
    const ledger = await openTestLedger();
    const { block } = await runAsPrincipal('bob', () => ledger.transact((tx) => tx.createTable('T')));
    expect(block!.transactionInfo.principal).toBe('bob');
    expect((await ledger.verify()).valid).toBe(true);
    await ledger.close();
  });

  it('refuses to change grants', async () => {
    const ledger = await openTestLedger();
    await expect(ledger.access.defineRole('r', [])).rejects.toThrow(InvalidArgumentError);
    await ledger.close();
  });
});

describe('every action is refused to a principal no role allows it, before anything is written', () => {
  let governed: Awaited<ReturnType<typeof governedLedger>>;
  beforeAll(async () => {
    governed = await governedLedger();
  });
  afterAll(() => governed.ledger.close());

  const table: Array<[AccessAction, string, (g: typeof governed) => Promise<unknown>]> = [
    ['select', 'Account', (g) => g.ledger.query('SELECT * FROM Account')],
    ['select', 'Account', (g) => g.ledger.execute((tx) => tx.get('Account', g.documentId))],
    ['select', 'information_schema.user_tables', (g) => g.ledger.query('SELECT * FROM information_schema.user_tables')],
    ['insert', 'Account', (g) => g.ledger.query("INSERT INTO Account VALUE {'owner': 'eve'}")],
    ['insert', 'Account', (g) => g.ledger.execute((tx) => tx.insert('Account', { owner: 'eve' }))],
    ['update', 'Account', (g) => g.ledger.execute((tx) => tx.update('Account', g.documentId, { owner: 'eve' }))],
    ['delete', 'Account', (g) => g.ledger.execute((tx) => tx.delete('Account', g.documentId))],
    ['history', 'Account', (g) => g.ledger.query('SELECT * FROM history(Account)')],
    ['redact', 'Account', (g) => g.ledger.query(`EXEC redact_revision \`{strandId: "${g.ledger.strandId}", sequenceNo: 3}\`, ?, ?`, g.accountTableId, g.documentId)],
    ['createTable', 'Other', (g) => g.ledger.query('CREATE TABLE Other')],
    ['dropTable', 'Account', (g) => g.ledger.query('DROP TABLE Account')],
    ['undropTable', 'Old', (g) => g.ledger.query(`UNDROP TABLE "${g.oldTableId}"`)],
    ['createIndex', 'Account', (g) => g.ledger.query('CREATE INDEX ON Account (balance)')],
    ['dropIndex', 'Account', (g) => g.ledger.query(`DROP INDEX "${g.indexId}" ON Account`)],
  ];
  it.each(table)('%s on %s', async (action, on, work) => {
    await expectDenied(governed.ledger, 'mallory', action, on, () => work(governed));
  });

  it('update and delete in PartiQL read the documents they change: a principal allowed only to select is refused them', async () => {
    await expectDenied(governed.ledger, 'rita', 'update', 'Account', () => governed.ledger.query("UPDATE Account SET owner = 'eve'"));
    await expectDenied(governed.ledger, 'rita', 'delete', 'Account', () => governed.ledger.query('DELETE FROM Account'));
    await expect(as('rita', () => governed.ledger.query('SELECT owner FROM Account'))).resolves.toEqual([{ owner: 'ann' }]);
  });

  const ledgerActions: Array<[AccessAction, (g: typeof governed) => Promise<unknown>]> = [
    ['getDigest', (g) => g.ledger.getDigest()],
    ['getDigest', (g) => g.ledger.getTipProof()],
    ['getBlock', (g) => g.ledger.getBlock({ strandId: g.ledger.strandId, sequenceNo: 1 })],
    ['getBlock', (g) => g.ledger.readBlocks(0, 3)],
    ['getRevision', (g) => g.ledger.getRevision({ strandId: g.ledger.strandId, sequenceNo: 3 }, g.documentId)],
    ['verify', (g) => g.ledger.verify()],
    ['stream', (g) => firstValueFrom(g.ledger.stream())],
    ['stream', (g) => g.ledger.streamIterator().next()],
    ['stream', (g) => g.ledger.followJournal({ from: 0, revisions: true, pageSize: 10, highWaterMark: 10 }).nextPage()],
    ['scrub', (g) => g.ledger.scrub()],
    ['createDataKey', (g) => new SubjectKeys(g.ledger, { masterKey: new Uint8Array(32) }).encrypt('subject-2', 'a secret')],
    ['manageAccess', (g) => g.ledger.access.grantRole('mallory', 'reader')],
    ['manageAccess', (g) => g.ledger.access.defineRole('everything', [{ action: 'insert' }])],
    ['shredDataKey', (g) => new SubjectKeys(g.ledger, { masterKey: new Uint8Array(32) }).shred('subject-1')],
  ];
  it.each(ledgerActions)('%s on the ledger', async (action, work) => {
    await expectDenied(governed.ledger, 'mallory', action, undefined, () => work(governed));
  });

  it('a refused data key is neither made nor stored', async () => {
    await expectDenied(governed.ledger, 'mallory', 'createDataKey', undefined, () => new SubjectKeys(governed.ledger, { masterKey: new Uint8Array(32) }).encrypt('subject-3', 'a secret'));
    expect(await governed.ledger.readDatabase((query) => selectDataKey(query, 'subject-3'))).toBeUndefined();
  });

  it('a stream is checked as whoever asked for it, however late it is read', async () => {
    const denied = as('mallory', async () => governed.ledger.streamIterator());
    const allowed = as('admin', async () => governed.ledger.streamIterator());
    await expect((await denied).next()).rejects.toMatchObject({ code: 'ACCESS_DENIED', principal: 'mallory', action: 'stream' });
    const iterator = await allowed;
    expect((await iterator.next()).value).toMatchObject({ recordType: 'BLOCK_SUMMARY' });
    await iterator.return();
  });

  it('events appended outside a command need the permission to run every command', async () => {
    await expectDenied(governed.ledger, 'rita', 'command', '*', () => governed.ledger.execute((tx) => tx.appendEvents([{ forged: true }])));
  });

  it('refuses a caller without a principal, and work outside any scope when no service principal is configured', async () => {
    await expectDenied(governed.ledger, null, 'select', 'Account', () => governed.ledger.query('SELECT * FROM Account'));
    await expect(governed.ledger.query('SELECT * FROM Account')).rejects.toMatchObject({ code: 'ACCESS_DENIED', principal: null });
  });

  it('refuses direct writes to the grants table, even by an administrator', async () => {
    const tip = await tipOf(governed.ledger);
    await expect(as('admin', () => governed.ledger.query(`INSERT INTO ${GRANTS_TABLE} VALUE {'principal': 'mallory', 'roles': ['reader']}`))).rejects.toThrow(InvalidArgumentError);
    await expect(as('admin', () => governed.ledger.query(`DROP TABLE ${GRANTS_TABLE}`))).rejects.toThrow(InvalidArgumentError);
    expect(await tipOf(governed.ledger)).toBe(tip);
  });
});

describe('who could do this, and who did', () => {
  it('names the principal of every write in its block, and journals each grant as a block of its administrator', async () => {
    const { ledger } = await governedLedger();
    await as('admin', () => ledger.access.defineRole('teller', [{ action: 'insert', table: 'Account' }, { action: 'select', table: 'Account' }]));
    const { block: grant } = await as('admin', async () => {
      await ledger.access.grantRole('tom', 'teller');
      return { block: (await ledger.readBlocks((await ledger.getDigest()).digestTipAddress.sequenceNo, Number.MAX_SAFE_INTEGER))[0] };
    });
    expect(grant.transactionInfo.principal).toBe('admin');
    expect(grant.transactionInfo.statements.map((s) => s.statement)).toEqual(['GRANT ROLE ? TO ?']);
    const { block } = await as('tom', () => ledger.transact((tx) => tx.insert('Account', { owner: 'tom' })));
    expect(block!.transactionInfo.principal).toBe('tom');
    expect(await ledger.access.whoMay('insert', 'Account')).toEqual(['admin', 'tom']);
    const history = await as('admin', () => ledger.query<{ data: IonStructObject }>(`SELECT h.data FROM history(${GRANTS_TABLE}) AS h`));
    expect(history.map((h) => h.data)).toContainEqual({ principal: 'tom', roles: ['teller'] });
    expect((await as('admin', () => ledger.verify())).valid).toBe(true);
    await ledger.close();
  });

  it('a principal of a transaction cannot be forged through annotate', async () => {
    const { ledger } = await governedLedger();
    await expect(as('admin', () => ledger.execute((tx) => tx.annotate({ principal: 'someone' })))).rejects.toThrow('transactionInfo.principal is written by the ledger');
    await ledger.close();
  });

  it('a revoked role no longer allows, and a transaction that read the grants before a revoke conflicts and is checked again', async () => {
    const { ledger } = await governedLedger();
    await as('admin', () => ledger.access.defineRole('teller', [{ action: 'insert', table: 'Account' }]));
    await as('admin', () => ledger.access.grantRole('tom', 'teller'));
    let revoked = false;
    const attempt = as('tom', () =>
      ledger.execute(
        async (tx) => {
          tx.insert('Account', { owner: 'tom' });
          if (!revoked) {
            revoked = true;
            await as('admin', () => ledger.access.revokeRole('tom', 'teller'));
          }
        },
        { retry: { maxRetries: 1 } },
      ),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'ACCESS_DENIED', principal: 'tom', action: 'insert' });
    expect(await ledger.access.allows('tom', 'insert', 'Account')).toBe(false);
    await ledger.close();
  });

  it('a shredding needs shredDataKey only: the scrub that follows it is covered', async () => {
    const { ledger } = await governedLedger();
    const keys = new SubjectKeys(ledger, { masterKey: new Uint8Array(32) });
    await as('admin', async () => {
      await keys.encrypt('subject-1', 'a secret');
      await ledger.access.defineRole('eraser', [{ action: 'shredDataKey' }]);
      await ledger.access.grantRole('erin', 'eraser');
    });
    await expectDenied(ledger, 'erin', 'scrub', undefined, () => ledger.scrub());
    const shredding = await as('erin', () => keys.shred('subject-1'));
    expect(shredding.scrub.remains).toEqual(expect.any(Array));
    const [block] = await as('admin', () => ledger.readBlocks(shredding.blockAddress.sequenceNo, shredding.blockAddress.sequenceNo));
    expect(block.transactionInfo.principal).toBe('erin');
    await ledger.close();
  });

  it('runs work outside any scope as the configured service principal', async () => {
    const ledger = await openTestLedger(tempLedgerPath(), { accessControl: { ...ACCESS, servicePrincipal: 'admin' } });
    const { block } = await ledger.transact((tx) => tx.createTable('T'));
    expect(block!.transactionInfo.principal).toBe('admin');
    await ledger.close();
  });

  it('refuses options that are not access control options', async () => {
    await expect(openTestLedger(tempLedgerPath(), { accessControl: { administrators: 'admin' } as never })).rejects.toThrow(InvalidArgumentError);
    await expect(openTestLedger(tempLedgerPath(), { accessControl: { administrators: ['a\u0000b'] } })).rejects.toThrow(InvalidArgumentError);
  });

  it('refuses malformed permissions, naming them, and writes nothing', async () => {
    const { ledger } = await governedLedger();
    const tip = await tipOf(ledger);
    await expect(as('admin', () => ledger.access.defineRole('x', [{ action: 'fly' } as never]))).rejects.toThrow('permission action "fly"');
    await expect(as('admin', () => ledger.access.defineRole('x', [{ action: 'getDigest', table: 'A' } as never]))).rejects.toThrow('permission getDigest takes no table');
    await expect(as('admin', () => ledger.access.grantRole('tom', 'undefined-role'))).rejects.toThrow('role "undefined-role" is not defined');
    expect(await tipOf(ledger)).toBe(tip);
    await ledger.close();
  });
});

describe('the administrators are journaled', () => {
  /** The blocks after `after` whose statements change the administrators. */
  async function administratorBlocks(ledger: Ledger, after = 0) {
    const blocks = await as('admin', () => ledger.readBlocks(after + 1, Number.MAX_SAFE_INTEGER));
    return blocks.filter((block) => block.transactionInfo.statements?.some((s) => s.statement === 'SET ADMINISTRATORS ?'));
  }

  it('at open, as a block naming no principal when the configured set differs from the journaled one, and only then', async () => {
    const path = tempLedgerPath();
    const ledger = await openTestLedger(path, { accessControl: ACCESS });
    const [first] = await administratorBlocks(ledger);
    expect(first.transactionInfo.principal).toBeUndefined();
    const tip = await tipOf(ledger);
    await ledger.close();

    const same = await Ledger.open({ name: 'test', storage: storageAt(path), accessControl: { administrators: ['admin'] } });
    expect(await tipOf(same)).toBe(tip);
    await same.close();

    const changed = await Ledger.open({ name: 'test', storage: storageAt(path), accessControl: { administrators: ['root', 'admin'], recheckMs: 0 } });
    expect(await administratorBlocks(changed, tip)).toHaveLength(1);
    expect(await changed.access.whoMay('verify')).toEqual(['root', 'admin']);
    const history = await as('root', () => changed.query<{ data: IonStructObject }>(`SELECT h.data FROM history(${GRANTS_TABLE}) AS h`));
    expect(history.map((h) => h.data)).toEqual([
      { setting: 'administrators', principals: ['admin'] },
      { setting: 'administrators', principals: ['root', 'admin'] },
    ]);
    expect((await as('root', () => changed.verify())).valid).toBe(true);
    await changed.close();
  });

  it('a ledger opened read-only journals nothing and checks against the journaled administrators', async () => {
    const path = tempLedgerPath();
    await (await openTestLedger(path, { accessControl: ACCESS })).close();
    const readOnly = await Ledger.openExisting({ storage: storageAt(path), readOnly: true, accessControl: { administrators: ['mallory'] } });
    await expect(as('mallory', () => readOnly.getDigest())).rejects.toMatchObject({ code: 'ACCESS_DENIED', principal: 'mallory' });
    await expect(as('admin', () => readOnly.getDigest())).resolves.toBeDefined();
    await readOnly.close();
  });

  it('the administrators\' row changed in the database is refused before any access is decided, and verify() reports it', async () => {
    const { ledger, path } = await governedLedger();
    const [{ documentId }] = await as('admin', () => ledger.query<{ documentId: string }>(`SELECT id AS documentId FROM ${GRANTS_TABLE} BY id WHERE setting = 'administrators'`));
    await ledger.close();
    const forged = Buffer.from(toIon({ setting: 'administrators', principals: ['admin', 'mallory'] }, 'binary'));
    await tamper(path, (sql) => sql.query('UPDATE ledger_document SET data = ? WHERE document_id = ?', [forged, documentId]));
    const reopened = await Ledger.open({ name: 'test', storage: storageAt(path), accessControl: { administrators: ['admin', 'mallory'], recheckMs: 0 } });
    await expect(as('mallory', () => reopened.query('SELECT * FROM Account'))).rejects.toThrow(AccessGrantsTamperedError);
    await reopened.close();
    const plain = await Ledger.openExisting({ storage: storageAt(path) });
    expect((await plain.verify()).problems.map((p) => p.code)).toContain('DOCUMENT_MISMATCH');
    await plain.close();
  });
});

describe('the grants are checked against the journal', () => {
  /** The grants table's document row of `principal`. */
  async function grantRowOf(path: string, principal: string): Promise<{ documentId: string }> {
    const ledger = await Ledger.open({ name: 'test', storage: storageAt(path), accessControl: ACCESS });
    const [row] = await as('admin', () => ledger.query<{ documentId: string }>(`SELECT id AS documentId FROM ${GRANTS_TABLE} BY id WHERE principal = ?`, principal));
    await ledger.close();
    return row;
  }

  it('a grant row changed in the database without its block is refused before any access is decided, and verify() reports it', async () => {
    const { ledger, path } = await governedLedger();
    await ledger.close();
    const { documentId } = await grantRowOf(path, 'rita');
    await tamper(path, (sql) => sql.query('UPDATE ledger_document SET data = ? WHERE document_id = ?', [Buffer.from(toIon({ principal: 'rita', roles: ['reader', 'admin'] }, 'binary')), documentId]));
    const reopened = await Ledger.open({ name: 'test', storage: storageAt(path), accessControl: ACCESS });
    await expect(as('rita', () => reopened.query('SELECT * FROM Account'))).rejects.toThrow(AccessGrantsTamperedError);
    await reopened.close();
    const plain = await Ledger.openExisting({ storage: storageAt(path) });
    const verification = await plain.verify();
    expect(verification.valid).toBe(false);
    expect(verification.problems.map((p) => p.code)).toContain('DOCUMENT_MISMATCH');
    await plain.close();
  });

  it('a revoke undone in the database (the row put back to its earlier revision) is refused, and verify() reports it', async () => {
    const { ledger, path } = await governedLedger();
    const { documentId } = await grantRowOf(path, 'rita');
    const before = await tamperRow(path, documentId);
    await as('admin', () => ledger.access.revokeRole('rita', 'reader'));
    await expect(as('rita', () => ledger.query('SELECT * FROM Account'))).rejects.toThrow(AccessDeniedError);
    await ledger.close();
    await tamper(path, (sql) => sql.query('UPDATE ledger_document SET data = ?, version = ?, sequence_no = ? WHERE document_id = ?', [before.data, before.version, before.sequenceNo, documentId]));
    const reopened = await Ledger.open({ name: 'test', storage: storageAt(path), accessControl: ACCESS });
    await expect(as('rita', () => reopened.query('SELECT * FROM Account'))).rejects.toThrow('the journal holds a later version');
    await reopened.close();
    const plain = await Ledger.openExisting({ storage: storageAt(path) });
    expect((await plain.verify()).problems.map((p) => p.code)).toContain('DOCUMENT_MISMATCH');
    await plain.close();
  });

  it('a grant revision changed in the journal itself no longer folds to the digest', async () => {
    const { ledger, path } = await governedLedger();
    await ledger.close();
    const { documentId } = await grantRowOf(path, 'rita');
    const forged = Buffer.from(toIon({ principal: 'rita', roles: ['reader', 'admin'] }, 'binary'));
    await tamper(path, async (sql) => {
      await sql.query('UPDATE ledger_document SET data = ? WHERE document_id = ?', [forged, documentId]);
      await sql.query('UPDATE journal_revision SET data = ? WHERE document_id = ?', [forged, documentId]);
    });
    const reopened = await Ledger.open({ name: 'test', storage: storageAt(path), accessControl: ACCESS });
    await expect(as('rita', () => reopened.query('SELECT * FROM Account'))).rejects.toThrow(AccessGrantsTamperedError);
    await reopened.close();
  });

  it('the principal recorded in a block (the last grant\'s administrator) is covered by its hash', async () => {
    const { ledger, path } = await governedLedger();
    await ledger.close();
    await tamper(path, async (sql) => {
      const [row] = await sql.query<{ sequence_no: number; header: Buffer }>('SELECT sequence_no, header FROM journal_block ORDER BY sequence_no DESC LIMIT 1');
      const header = fromIon(row.header) as IonStructObject;
      const info = header.transactionInfo as IonStructObject;
      if (!info || info.principal !== 'admin') throw new Error(`unexpected header ${Object.keys(header)}`);
      info.principal = 'rita';
      await sql.query('UPDATE journal_block SET header = ? WHERE sequence_no = ?', [Buffer.from(toIon(header, 'binary')), row.sequence_no]);
    });
    const plain = await Ledger.openExisting({ storage: storageAt(path) });
    expect((await plain.verify()).valid).toBe(false);
    await plain.close();
  });
});

/** The stored row of a document, as an attacker would keep it to put back later. */
async function tamperRow(path: string, documentId: string): Promise<{ data: Buffer; version: number; sequenceNo: number }> {
  let row: { data: Buffer; version: number; sequenceNo: number } | undefined;
  await tamper(path, async (sql) => {
    [row] = await sql.query<{ data: Buffer; version: number; sequenceNo: number }>('SELECT data, version, sequence_no AS "sequenceNo" FROM ledger_document WHERE document_id = ?', [documentId]);
  });
  return row!;
}
