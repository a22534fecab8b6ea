// Field names that JavaScript objects treat specially (`__proto__`, `constructor`, `prototype`,
// `toString`, `hasOwnProperty`) are ordinary field names everywhere: in PartiQL struct literals,
// paths, SET / REMOVE / INSERT INTO targets, projection aliases, parameters, documents inserted
// through the API, transaction annotations, Ion text and binary read back, Ion JSON, and the Ion hash
// (which matches ion-hash-js's). No value ever has its prototype replaced.
import type { Ledger } from '../engine/ledger';
import { openTestLedger, removeTempLedgers, tempLedgerPath } from '../engine/test-ledger.fixture';
import { fromIon, fromIonJson, ionHash, toIon, toIonJson, type IonStructObject, type IonValue } from '../ion';
import { readerOracleHash } from '../ion/ion-hash-oracle.fixture';

const NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** A struct with every special name as an own field (as JSON.parse builds it), each holding a struct. */
function specialStruct(): IonStructObject {
  return JSON.parse(`{${NAMES.map((name, i) => `"${name}": {"n": ${i}}`).join(', ')}}`) as IonStructObject;
}

/** The struct's own fields, and that its prototype is the plain one. */
function ownFields(value: IonValue | undefined): Array<[string, unknown]> {
  expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  return Object.entries(value as IonStructObject);
}

const expectedFields = NAMES.map((name, i): [string, unknown] => [name, { n: i }]);

describe('PartiQL and Ion: special field names are ordinary', () => {
  let ledger: Ledger;
  const location = tempLedgerPath();

  beforeAll(async () => {
    ledger = await openTestLedger(location);
    await ledger.query('CREATE TABLE T');
  });
  afterAll(async () => {
    await ledger.close();
    await removeTempLedgers();
  });

  it('keeps every special name of a struct literal, the value of __proto__ included, as an own field', async () => {
    const literal = `{${NAMES.map((name, i) => `'${name}': {'n': ${i}}`).join(', ')}}`;
    const [value] = await ledger.query(`SELECT VALUE ${literal} FROM <<1>>`);
    expect(ownFields(value)).toEqual(expectedFields);
    const [scalar] = await ledger.query(`SELECT VALUE {'__proto__': 1, 'x': 2} FROM <<1>>`);
    expect(ownFields(scalar)).toEqual([['__proto__', 1], ['x', 2]]);
  });

  it('reads special names through paths, and finds them missing on structs that lack them', async () => {
    const [found] = await ledger.query(`SELECT ${NAMES.map((name) => `x."${name}".n AS "${name}"`).join(', ')} FROM ? AS x`, [specialStruct()]);
    expect(ownFields(found)).toEqual(NAMES.map((name, i) => [name, i]));
    expect(await ledger.query('SELECT VALUE [x.__proto__, x."constructor", x.toString, x["hasOwnProperty"]] FROM <<{}>> AS x')).toEqual([[null, null, null, null]]);
  });

  it('inserts, selects, updates and re-reads documents with special names, through PartiQL, parameters and the API', async () => {
    await ledger.execute(async (tx) => {
      await tx.executeStatement("INSERT INTO T VALUE {'k': 'literal', '__proto__': {'n': 0}, 'constructor': 1}");
      await tx.executeStatement('INSERT INTO T ?', { ...specialStruct(), k: 'parameter' });
      tx.insert('T', { ...specialStruct(), k: 'api' });
    });
    await ledger.query("UPDATE T AS t SET t.__proto__.n = 7, t.prototype = {'p': 1} REMOVE t.toString WHERE t.k = 'parameter'");
    await ledger.query("UPDATE T AS t INSERT INTO t.__proto__ VALUE 8 AT 'm' WHERE t.k = 'api'");
    const check = async (target: Ledger) => {
      const rows = await target.query('SELECT VALUE t FROM T AS t ORDER BY t.k');
      expect(rows.map((row) => ownFields(row))).toEqual([
        [...expectedFields.map(([name, value]): [string, unknown] => [name, name === '__proto__' ? { n: 0, m: 8 } : value]), ['k', 'api']],
        [['k', 'literal'], ['__proto__', { n: 0 }], ['constructor', 1]],
        [
          ...expectedFields.filter(([name]) => name !== 'toString').map(([name, value]): [string, unknown] => [name, name === '__proto__' ? { n: 7 } : name === 'prototype' ? { p: 1 } : value]),
          ['k', 'parameter'],
        ],
      ]);
      expect(await target.query("SELECT VALUE t.__proto__.n FROM T AS t WHERE t.__proto__ IS NOT MISSING ORDER BY t.k")).toEqual([0, 0, 7]);
    };
    await check(ledger);
    await ledger.close();
    ledger = await openTestLedger(location);
    await check(ledger);
    expect((await ledger.verify()).valid).toBe(true);
  });

  it('keeps special names in transaction annotations, in the block written and the block read back', async () => {
    const { block } = await ledger.transact(async (tx) => {
      tx.annotate(JSON.parse('{"__proto__": {"actor": "x"}, "constructor": "y"}') as IonStructObject);
      await tx.executeStatement("INSERT INTO T VALUE {'k': 'annotated'}");
    });
    const { block: stored } = await ledger.getBlock(block!.blockAddress);
    for (const info of [block!.transactionInfo, stored.transactionInfo]) {
      expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
      expect(Object.entries(info)).toEqual(expect.arrayContaining([['__proto__', { actor: 'x' }], ['constructor', 'y']]));
    }
  });

  it('round-trips special names through Ion text, Ion binary and Ion JSON, and hashes them as ion-hash-js does', () => {
    const value = { outer: specialStruct(), list: [specialStruct()] };
    for (const format of ['text', 'binary'] as const) {
      const read = fromIon(toIon(value, format)) as IonStructObject;
      expect(ownFields(read.outer)).toEqual(expectedFields);
      expect(ownFields((read.list as IonValue[])[0])).toEqual(expectedFields);
      expect(ionHash(read)).toEqual(readerOracleHash(toIon(value, format)));
    }
    const json = JSON.parse(JSON.stringify(toIonJson(value)));
    expect(ownFields((fromIonJson(json) as IonStructObject).outer)).toEqual(expectedFields);
    expect(ownFields((toIonJson(value) as IonStructObject).outer as IonValue)).toEqual(expectedFields);
    expect(ionHash(fromIonJson(json))).toEqual(ionHash(value));
  });
});
