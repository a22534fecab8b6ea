// Expressions: QLDB's built-in functions with the examples of its documentation (run as QLDB
// documents them, `SELECT f(…) FROM << 0 >>`), and PartiQL's semantics: three-valued logic with
// MISSING and NULL, Ion's numeric types kept apart in arithmetic and compared by value.
import { Ledger } from '../engine/ledger';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { fromIon, toIon, type IonValue } from '../ion';
import { canonical } from './partiql-cases.fixture';

/** [expression, Ion text of its value, or MISSING]. */
type ExpressionCase = [string, string];

const DOCUMENTED: ExpressionCase[] = [
  ["TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y')", '"July 20, 1969"'],
  ["TO_STRING(`1969-07-20T20:18Z`, 'MMM d, yyyy')", '"Jul 20, 1969"'],
  ["TO_STRING(`1969-07-20T20:18Z`, 'M-d-yy')", '"7-20-69"'],
  ["TO_STRING(`1969-07-20T20:18Z`, 'MM-d-y')", '"07-20-1969"'],
  ["TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y h:m a')", '"July 20, 1969 8:18 PM"'],
  ["TO_STRING(`1969-07-20T20:18Z`, 'y-MM-dd''T''H:m:ssX')", '"1969-07-20T20:18:00Z"'],
  ["TO_STRING(`1969-07-20T20:18+08:00`, 'y-MM-dd''T''H:m:ssXXXX')", '"1969-07-20T20:18:00+0800"'],
  ["TO_STRING(`1969-07-20T20:18+08:00`, 'y-MM-dd''T''H:m:ssXXXXX')", '"1969-07-20T20:18:00+08:00"'],
  ['DATE_ADD(year, 5, `2010-01-01T`)', '2015-01-01T'],
  ['DATE_ADD(month, 1, `2010T`)', '2010-02T'],
  ['DATE_ADD(month, 13, `2010T`)', '2011-02T'],
  ['DATE_ADD(day, -1, `2017-01-10T`)', '2017-01-09T'],
  ['DATE_ADD(hour, 1, `2017T`)', '2017-01-01T01:00Z'],
  ['DATE_ADD(hour, 1, `2017-01-02T03:04Z`)', '2017-01-02T04:04Z'],
  ['DATE_ADD(minute, 1, `2017-01-02T03:04:05.006Z`)', '2017-01-02T03:05:05.006Z'],
  ['DATE_ADD(second, 1, `2017-01-02T03:04:05.006Z`)', '2017-01-02T03:04:06.006Z'],
  ['DATE_ADD(month, 1, `2017-01-31T`)', '2017-02-28T'],
  ['DATE_ADD(day, 1, `2016-02-28T23:30-08:00`)', '2016-02-29T23:30-08:00'],
  ['DATE_DIFF(year, `2010-01-01T`, `2011-01-01T`)', '1'],
  ['DATE_DIFF(year, `2010-12T`, `2011-01T`)', '0'],
  ['DATE_DIFF(month, `2010T`, `2010-05T`)', '4'],
  ['DATE_DIFF(month, `2010T`, `2011T`)', '12'],
  ['DATE_DIFF(month, `2011T`, `2010T`)', '-12'],
  ['DATE_DIFF(month, `2010-12-31T`, `2011-01-01T`)', '0'],
  ['DATE_DIFF(day, `2010-01-01T23:00Z`, `2010-01-02T01:00Z`)', '0'],
  ['DATE_DIFF(second, `2010-01-01T00:00:00.9Z`, `2010-01-01T00:00:02Z`)', '1'],
  ['EXTRACT(YEAR FROM `2010-01-01T`)', '2010'],
  ['EXTRACT(MONTH FROM `2010T`)', '1'],
  ['EXTRACT(MONTH FROM `2010-10T`)', '10'],
  ['EXTRACT(HOUR FROM `2017-01-02T03:04:05+07:08`)', '3'],
  ['EXTRACT(MINUTE FROM `2017-01-02T03:04:05+07:08`)', '4'],
  ['EXTRACT(TIMEZONE_HOUR FROM `2017-01-02T03:04:05+07:08`)', '7'],
  ['EXTRACT(TIMEZONE_MINUTE FROM `2017-01-02T03:04:05+07:08`)', '8'],
  ['EXTRACT(SECOND FROM `2017-01-02T03:04:05.25Z`)', '5.25'],
  ['EXTRACT(YEAR FROM NULL)', 'null'],
  ["TO_TIMESTAMP('2007T')", '2007T'],
  ["TO_TIMESTAMP('2007-02-23T12:14:33.079-08:00')", '2007-02-23T12:14:33.079-08:00'],
  ["TO_TIMESTAMP('2016', 'y')", '2016T'],
  ["TO_TIMESTAMP('2016', 'yyyy')", '2016T'],
  ["TO_TIMESTAMP('02-2016', 'MM-yyyy')", '2016-02T'],
  ["TO_TIMESTAMP('Feb 2016', 'MMM yyyy')", '2016-02T'],
  ["TO_TIMESTAMP('February 2016', 'MMMM yyyy')", '2016-02T'],
  ["TO_TIMESTAMP('2016-02-10 9:30 PM +01:00', 'y-MM-dd h:mm a XXX')", '2016-02-10T21:30+01:00'],
  ["UPPER('AbCdEfG!@#$')", '"ABCDEFG!@#$"'],
  ["LOWER('AbCdEfG!@#$')", '"abcdefg!@#$"'],
  ["CHAR_LENGTH('')", '0'],
  ["CHAR_LENGTH('abcdefg')", '7'],
  ["CHAR_LENGTH('😁😞😸😸')", '4'],
  ["CHARACTER_LENGTH('😁😞😸😸')", '4'],
  ["SUBSTRING('123456789', 0)", '"123456789"'],
  ["SUBSTRING('123456789', 1)", '"123456789"'],
  ["SUBSTRING('123456789', 2)", '"23456789"'],
  ["SUBSTRING('123456789', -4)", '"123456789"'],
  ["SUBSTRING('123456789', 0, 999)", '"123456789"'],
  ["SUBSTRING('123456789', 0, 2)", '"1"'],
  ["SUBSTRING('1', 1, 0)", '""'],
  ["SUBSTRING('1', -4, 0)", '""'],
  ["SUBSTRING('123456789' FROM 2 FOR 3)", '"234"'],
  ["SUBSTRING('😁😞😸😸', 2, 2)", '"😞😸"'],
  ["TRIM('       foobar         ')", '"foobar"'],
  ["TRIM('      \tfoobar\t         ')", '"\\tfoobar\\t"'],
  ["TRIM(LEADING FROM '       foobar         ')", '"foobar         "'],
  ["TRIM(TRAILING FROM '       foobar         ')", '"       foobar"'],
  ["TRIM(BOTH FROM '       foobar         ')", '"foobar"'],
  ["TRIM(BOTH '😁' FROM '😁😁foobar😁😁')", '"foobar"'],
  ["TRIM(BOTH '12' FROM '1112211foobar22211122')", '"foobar"'],
  ["TRIM('x' FROM 'xxabcxx')", '"abc"'],
  ['CAST(null AS STRING)', 'null'],
  ['CAST(missing AS STRING)', 'MISSING'],
  ['CAST(`[1, 2, 3]` AS BAG)', '[1, 2, 3]'],
  ["CAST(<<'a', 'b'>> AS LIST)", '["a", "b"]'],
  ['CAST(`abc` AS STRING)', '"abc"'],
  ["CAST('abc' AS SYMBOL)", 'abc'],
  ["CAST('1' AS INT)", '1'],
  ['CAST(1.9 AS INT)', '1'],
  ['CAST(-1.9 AS INTEGER)', '-1'],
  ['CAST(`12e-1` AS INT)', '1'],
  ['CAST(TRUE AS INT)', '1'],
  ['CAST(1 AS DECIMAL)', '1.'],
  ["CAST('12.50' AS DECIMAL(5, 2))", '12.50'],
  ['CAST(0.1e0 AS DECIMAL)', '0.1'],
  ['CAST(1 AS FLOAT)', '1e0'],
  ["CAST('2.5' AS DOUBLE PRECISION)", '2.5e0'],
  ['CAST(12.5 AS STRING)', '"12.5"'],
  ['CAST(1e0 AS VARCHAR)', '"1e0"'],
  ['CAST(`2020T` AS STRING)', '"2020T"'],
  ["CAST('2020-01-01T' AS TIMESTAMP)", '2020-01-01T'],
  ["CAST('TRUE' AS BOOL)", 'true'],
  ['CAST(0 AS BOOLEAN)', 'false'],
  ["CAST(`{a: 1}` AS STRUCT)", '{a: 1}'],
  ['CAST(`(a b)` AS LIST)', '[a, b]'],
  ['COALESCE(NULL, MISSING, 1, 2)', '1'],
  ['COALESCE(NULL, MISSING)', 'null'],
  ['NULLIF(1, 1)', 'null'],
  ['NULLIF(1, 1.0)', 'null'],
  ['NULLIF(1, 2)', '1'],
  ['SIZE(`[1, 2, 3]`)', '3'],
  ['SIZE(`{a: 1}`)', '1'],
  ['SIZE(<<1, 2>>)', '2'],
  ['SIZE(NULL)', 'null'],
  ['EXISTS(`[]`)', 'false'],
  ['EXISTS(`[1]`)', 'true'],
  ['EXISTS(NULL)', 'false'],
];

const SEMANTICS: ExpressionCase[] = [
  ['1 + 1', '2'],
  ['1 + 1.5', '2.5'],
  ['1 + 1e0', '2e0'],
  ['1.5 + 1e0', '2.5'],
  ['2 * 4.50', '9.00'],
  ['5 / 2', '2'],
  ['-7 / 2', '-3'],
  ['5.0 / 2', '2.5'],
  ['1.00 / 3', '0.3333333333333333333333333333333333'],
  ['2.00 / 3', '0.6666666666666666666666666666666667'],
  ['1 / 8.0', '0.125'],
  ['-7 % 3', '-1'],
  ['7.5 % 2', '1.5'],
  ['7e0 / 2', '3.5e0'],
  ['9007199254740993 + 1', '9007199254740994'],
  ['9007199254740992 * 9007199254740992', '81129638414606681695789005144064'],
  ['-9007199254740993', '-9007199254740993'],
  ['0.1 + 0.2 = 0.3', 'true'],
  ['0.1e0 + 0.2e0 = 0.3e0', 'false'],
  ['-(0.0)', '-0.0'],
  ['+5', '5'],
  ["'a' || 'b'", '"ab"'],
  ["`sym` || 'x'", '"symx"'],
  ['NULL + 1', 'null'],
  ['MISSING + 1', 'MISSING'],
  ["NULL || 'a'", 'null'],
  ['1 = 1.0', 'true'],
  ['1 = 1e0', 'true'],
  ['1.0 = 1.00', 'true'],
  ["'a' = `a`", 'true'],
  ['`2020T` = `2020-01-01T00:00Z`', 'true'],
  ['`2020-01-01T01:00+01:00` = `2020-01-01T00:00:00.000Z`', 'true'],
  ["1 = 'a'", 'false'],
  ["1 < 'a'", 'MISSING'],
  ['`2020T` < `2021T`', 'true'],
  ["'B' < 'a'", 'true'],
  ['NULL = NULL', 'null'],
  ['NULL = MISSING', 'MISSING'],
  ['NULL IS NULL', 'true'],
  ['MISSING IS NULL', 'true'],
  ['`null.int` IS NULL', 'true'],
  ['MISSING IS MISSING', 'true'],
  ['NULL IS MISSING', 'false'],
  ['1 IS NOT NULL', 'true'],
  ['TRUE AND NULL', 'null'],
  ['FALSE AND NULL', 'false'],
  ['FALSE AND MISSING', 'false'],
  ['TRUE AND MISSING', 'MISSING'],
  ['TRUE OR MISSING', 'true'],
  ['FALSE OR NULL', 'null'],
  ['NOT NULL', 'null'],
  ['NOT MISSING', 'MISSING'],
  ['NULL AND MISSING', 'MISSING'],
  ['1 IN (1.0, 2)', 'true'],
  ['3 IN (1, NULL)', 'null'],
  ['3 NOT IN (1, 2)', 'true'],
  ['NULL IN (1, 2)', 'null'],
  ['2 IN `[1, 2]`', 'true'],
  ['2 BETWEEN 1 AND 3.5', 'true'],
  ['NULL BETWEEN 1 AND 3', 'null'],
  ["'abc' LIKE 'a_c'", 'true'],
  ["'abc' LIKE 'A%'", 'false'],
  ["'a%c' LIKE 'a\\%c' ESCAPE '\\'", 'true'],
  ["'line\nbreak' LIKE 'line_break'", 'true'],
  ["5 LIKE '5'", 'MISSING'],
  ['[1, 2] = [1, 2.0]', 'true'],
  ['[1, 2] = [2, 1]', 'false'],
  ["{'a': 1, 'b': [2]} = {'b': [2e0], 'a': 1.0}", 'true'],
  ['<<1, 2>> = <<2, 1>>', 'true'],
  ["CASE WHEN 1 = 2 THEN 'a' ELSE 'b' END", '"b"'],
  ["CASE 2 WHEN 1 THEN 'a' WHEN 2.0 THEN 'b' END", '"b"'],
  ["CASE WHEN NULL THEN 'a' END", 'null'],
  ["{'a': 1, 'b': MISSING, 'c': NULL}", '{a: 1, c: null}'],
  ['[1, MISSING, <<2>>]', '[1, null, [2]]'],
  ['`{a: [1, {b: 2}]}`.a[1].b', '2'],
  ["`{a: 1}`['a']", '1'],
  ['`{a: 1}`.b', 'MISSING'],
  ['`[1, 2]`[1]', '2'],
  ['`[1, 2]`[2]', 'MISSING'],
  ['`(a b c)`[1]', 'b'],
  ['`1`.a', 'MISSING'],
  ['`{{aGVsbG8=}}` = `{{aGVsbG8=}}`', 'true'],
  ['`usd::1.5` + 1', '2.5'],
];

describe('PartiQL expressions', () => {
  let ledger: Ledger;
  beforeAll(async () => (ledger = await openTestLedger()));
  afterAll(async () => {
    await ledger.close();
    await removeTempLedgers();
  });

  const value = async (expression: string): Promise<string> => {
    const [row] = (await ledger.query(`SELECT ${expression} AS r FROM << 0 >>`)) as Array<{ r?: IonValue }>;
    return row.r === undefined ? 'MISSING' : toIon(row.r, 'text');
  };
  const expected = (text: string) => (text === 'MISSING' ? text : toIon(fromIon(text), 'text'));

  it.each(DOCUMENTED)('QLDB documents %s as %s', async (expression, result) => {
    expect(await value(expression)).toBe(expected(result));
  });

  it.each(SEMANTICS)('%s is %s', async (expression, result) => {
    expect(await value(expression)).toBe(expected(result));
  });

  it('runs the functions documentation statements as written', async () => {
    const run = async (statement: string) => canonical(await ledger.query(statement), true);
    expect(await run("SELECT TO_STRING(`1969-07-20T20:18Z`, 'MMMM d, y') FROM << 0 >>")).toBe('[{_1:"July 20, 1969"}]');
    expect(await run('SELECT DATE_ADD(year, 5, `2010-01-01T`) FROM << 0 >>')).toBe('[{_1:2015-01-01T}]');
    expect(await run('SELECT DATE_DIFF(month, `2010T`, `2010-05T`) FROM << 0 >>')).toBe('[{_1:4}]');
    expect(await run('SELECT EXTRACT(MONTH FROM `2010T`) FROM << 0 >>')).toBe('[{_1:1}]');
  });

  it('gives UTCNOW the statement time and TXID the transaction id', async () => {
    const before = Date.now();
    const [now] = (await ledger.query('SELECT VALUE UTCNOW() FROM << 0 >>')) as Date[];
    expect(now).toBeInstanceOf(Date);
    expect(now.getTime()).toBeGreaterThanOrEqual(before);
    expect(now.getTime()).toBeLessThanOrEqual(Date.now());
    const [id, txid] = await ledger.execute(async (tx) => [tx.transactionId, (await tx.executeStatement('SELECT VALUE TXID() FROM << 0 >>'))[0]]);
    expect(txid).toBe(id);
  });

  it('counts its cases', () => {
    expect(DOCUMENTED.length + SEMANTICS.length).toBeGreaterThanOrEqual(150);
  });
});
