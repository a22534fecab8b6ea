// Statements never reach the storage's SQL: PartiQL names resolve against the ledger's catalog in
// memory, and values travel to the database only as bound parameters or inside Ion documents.
// Hostile text in values, identifiers and parameters is stored or refused as data; afterwards the
// ledger verifies and its storage tables are all there.
import Database from 'better-sqlite3';
import { InvalidArgumentError, TableNotFoundError } from '../engine/errors';
import type { Ledger } from '../engine/ledger';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from '../engine/test-ledger.fixture';
import { LedgerError } from '../errors';
import { PartiqlSyntaxError } from './errors';

const HOSTILE = [
  "'; DROP TABLE journal_block; --",
  '"; DROP TABLE ledger_document; --',
  "x' OR '1'='1",
  '1; DELETE FROM ledger_index_entry',
  "Robert'); DROP TABLE journal_revision;--",
  '\u0000\'"`;--/* */',
];
const STORAGE_TABLES = ['journal_block', 'journal_revision', 'journal_tree_node', 'ledger_document', 'ledger_index_entry', 'ledger_strand', 'ledger_migrations', 'ledger_projection', 'ledger_data_key'];

/** A PartiQL string literal of `text`. */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

describe('statements never reach the storage SQL', () => {
  let path: string;
  let ledger: Ledger;
  beforeAll(async () => {
    path = tempLedgerPath();
    ledger = await openTestLedger(path);
    await ledger.query('CREATE TABLE Note');
    await ledger.query('CREATE INDEX ON Note (body)');
  });
  afterAll(async () => {
    await ledger.close();
    const db = new Database(path, { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    db.close();
    expect(tables).toEqual(expect.arrayContaining(STORAGE_TABLES));
    await removeTempLedgers();
  });

  it.each(HOSTILE)('stores %j in values, literals and parameters exactly, and finds it through the index', async (text) => {
    const [{ documentId }] = (await ledger.query(`INSERT INTO Note VALUE {'body': ${literal(text)}, 'kind': 'literal'}`)) as Array<{ documentId: string }>;
    await ledger.query('INSERT INTO Note ?', { body: text, kind: 'parameter', [text]: text });
    expect(await ledger.query('SELECT VALUE n.kind FROM Note AS n WHERE n.body = ? ORDER BY n.kind', text)).toEqual(['literal', 'parameter']);
    expect(await ledger.query(`SELECT VALUE n.kind FROM Note AS n WHERE n.body = ${literal(text)} AND n.kind = 'literal'`)).toEqual(['literal']);
    expect(await ledger.query('SELECT VALUE n[?] FROM Note AS n WHERE n.kind = ? AND n.body = ?', text, 'parameter', text)).toEqual([text]);
    await ledger.query('UPDATE Note AS n BY id SET n.body = ? WHERE id = ?', `${text}!`, documentId);
    expect(await ledger.query('SELECT VALUE n.body FROM Note AS n BY id WHERE id = ?', documentId)).toEqual([`${text}!`]);
    expect(await ledger.query('DELETE FROM Note WHERE body = ?', `${text}!`)).toEqual([{ documentId }]);
  });

  it.each(HOSTILE)('treats %j as a name: an unknown table, an invalid table name, a field like any other', async (text) => {
    const quoted = `"${text.replace(/"/g, '""')}"`;
    await expect(ledger.query(`SELECT * FROM ${quoted}`)).rejects.toThrow(TableNotFoundError);
    await expect(ledger.query(`INSERT INTO ${quoted} VALUE {}`)).rejects.toThrow(TableNotFoundError);
    await expect(ledger.query(`CREATE TABLE ${quoted}`)).rejects.toThrow(InvalidArgumentError);
    expect(await ledger.query(`SELECT VALUE n.${quoted} FROM Note AS n`)).toEqual([text]);
    expect(await ledger.query(`SELECT ${quoted} FROM << {'a': 1} >> AS x`)).toEqual([{}]);
  });

  it('gives storage tables no PartiQL name: they are not user tables', async () => {
    for (const table of [...STORAGE_TABLES, 'sqlite_master']) {
      await expect(ledger.query(`SELECT * FROM ${table}`)).rejects.toThrow(TableNotFoundError);
      await expect(ledger.query(`DELETE FROM ${table}`)).rejects.toThrow(TableNotFoundError);
    }
    await expect(ledger.query('SELECT * FROM Note; DROP TABLE journal_block')).rejects.toThrow(PartiqlSyntaxError);
  });

  it('refuses hostile statement text with typed errors only', async () => {
    for (const text of HOSTILE) {
      for (const statement of [text, `SELECT * FROM Note WHERE body = ${text}`, `SELECT * FROM Note WHERE body = '${text}`]) {
        await expect(ledger.query(statement)).rejects.toBeInstanceOf(LedgerError);
      }
    }
  });

  it('still verifies, with its digest moved only by the statements that wrote', async () => {
    expect((await ledger.verify()).valid).toBe(true);
    const before = await ledger.getDigest();
    for (const text of HOSTILE) await ledger.query('SELECT * FROM Note WHERE body = ?', text);
    expect(await ledger.getDigest()).toEqual(before);
  });
});
