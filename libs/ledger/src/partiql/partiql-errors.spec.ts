// Bad statements: every syntax error names its line and column and what was expected there; names,
// functions and parameters that do not fit are semantic errors; values of the wrong type are type
// errors; unknown tables are the engine's TableNotFoundError. All extend LedgerError with a code.
import { TableNotFoundError } from '../engine/errors';
import type { Ledger } from '../engine/ledger';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { LedgerError } from '../errors';
import { IonTypeError } from '../ion';
import { PartiqlEvaluationError, PartiqlSemanticError, PartiqlSyntaxError, PartiqlTypeError } from './errors';
import { parsePartiql } from './partiql-parser';

/** [statement, line, column, what the message says was expected]. */
const SYNTAX_ERRORS: Array<[string, number, number, string]> = [
  ['', 1, 1, 'a statement'],
  ['SELEC * FROM t', 1, 1, 'a statement'],
  ['SELECT', 1, 7, 'an expression'],
  ['SELECT * FROM', 1, 14, 'an expression'],
  ['SELECT * FROM t WHERE', 1, 22, 'an expression'],
  ['SELECT * FROM t WHERE a =', 1, 26, 'an expression'],
  ['SELECT * t', 1, 10, 'FROM'],
  ['SELECT a b c FROM t', 1, 12, 'FROM'],
  ["SELECT 'abc FROM t", 1, 8, "a closing '"],
  ['SELECT "abc FROM t', 1, 8, 'a closing "'],
  ['SELECT `{a:1 FROM t', 1, 8, 'a closing `'],
  ['SELECT * FROM t WHERE x = `{a:`', 1, 27, 'one valid Ion value'],
  ['SELECT * FROM t WHERE x = `1 2`', 1, 27, 'one valid Ion value'],
  ['SELECT (1 FROM t', 1, 11, "')'"],
  ['SELECT [1, 2 FROM t', 1, 14, "']'"],
  ['SELECT {1: 2 FROM t', 1, 14, "'}'"],
  ["SELECT {'a' 2} FROM t", 1, 13, "':'"],
  ['SELECT << 1, 2 FROM t', 1, 16, "'>>'"],
  ['SELECT * FROM t WHERE x IS 5', 1, 28, 'NULL or MISSING'],
  ['SELECT * FROM t WHERE x NOT 5', 1, 29, 'IN, LIKE or BETWEEN'],
  ['SELECT * FROM t WHERE x BETWEEN 1', 1, 34, 'AND'],
  ['SELECT * FROM t ORDER x', 1, 23, 'BY'],
  ['SELECT * FROM t ORDER BY x NULLS', 1, 33, 'FIRST or LAST'],
  ['SELECT * FROM t GROUP x', 1, 23, 'BY'],
  ['SELECT * FROM t AS', 1, 19, 'an alias'],
  ['SELECT * FROM t BY', 1, 19, 'an alias for the document id'],
  ['SELECT * FROM t AT 5', 1, 20, 'an alias for the position'],
  ['SELECT * FROM t JOIN u', 1, 23, 'ON'],
  ['SELECT * FROM t CROSS u', 1, 23, 'JOIN'],
  ['SELECT * FROM t extra stuff', 1, 23, 'the end of the statement'],
  ['SELECT * FROM t;;', 1, 17, 'the end of the statement'],
  ['SELECT x.  FROM t', 1, 12, 'a field name or *'],
  ['SELECT x[1 FROM t', 1, 12, "']'"],
  ['SELECT CAST(x) FROM t', 1, 14, 'AS'],
  ['SELECT CAST(x AS) FROM t', 1, 17, 'a type name'],
  ['SELECT CAST(x AS DECIMAL(a)) FROM t', 1, 26, 'an integer'],
  ['SELECT CASE END FROM t', 1, 13, 'an expression'],
  ['SELECT v.value FROM t', 1, 10, 'quote a reserved word'],
  ['SELECT CASE WHEN 1 THEN 2 FROM t', 1, 27, 'END'],
  ['SELECT EXTRACT(week FROM x) FROM t', 1, 16, 'a date part'],
  ['SELECT DATE_ADD(1, 2, x) FROM t', 1, 17, 'a date part'],
  ['SELECT TRIM(LEADING x) FROM t', 1, 22, 'FROM'],
  ['SELECT 1 +', 1, 11, 'an expression'],
  ['SELECT 1ab FROM t', 1, 8, 'a number'],
  ['SELECT 1e FROM t', 1, 8, 'a number'],
  ['SELECT # FROM t', 1, 8, 'a name, literal, operator or punctuation'],
  ['SELECT * FROM t /* never closed', 1, 17, 'the */ that ends the comment'],
  ['INSERT Person VALUE {}', 1, 8, 'INTO'],
  ['INSERT INTO VALUE {}', 1, 13, 'a table name'],
  ['INSERT INTO t VALUE', 1, 20, 'an expression'],
  ['UPDATE t WHERE x = 1', 1, 10, 'SET, REMOVE or INSERT INTO'],
  ['UPDATE t SET = 1', 1, 14, 'an expression'],
  ['UPDATE t SET a 1', 1, 16, "'='"],
  ['UPDATE t SET a[*] = 1', 1, 14, 'a path to change'],
  ['UPDATE t SET 5 = 1', 1, 14, 'a path to change'],
  ['UPDATE t INSERT INTO a 1', 1, 24, 'VALUE'],
  ['FROM t WHERE x = 1', 1, 19, 'SET, REMOVE or INSERT INTO'],
  ['DELETE t', 1, 8, 'FROM'],
  ['CREATE t', 1, 8, 'TABLE or INDEX'],
  ['CREATE TABLE', 1, 13, 'a table name'],
  ["CREATE TABLE 'x'", 1, 14, 'a table name'],
  ['CREATE INDEX t (a)', 1, 14, 'ON'],
  ['CREATE INDEX ON t a', 1, 19, "'('"],
  ['CREATE INDEX ON t (a.)', 1, 22, 'a field name'],
  ['CREATE INDEX ON t (a', 1, 21, "')'"],
  ['DROP INDEX abc ON t', 1, 12, 'the index id in double quotes'],
  ['DROP INDEX "abc" ON t WITH (purge = false)', 1, 37, 'TRUE'],
  ['DROP INDEX "abc" ON t WITH (force = true)', 1, 29, 'purge'],
  ['UNDROP TABLE t', 1, 14, 'the table id in double quotes'],
  ['EXPLAIN EXPLAIN SELECT * FROM t', 1, 1, 'a statement to explain'],
  ['SELECT *\nFROM t\nWHERE x = = 1', 3, 11, 'an expression'],
  ['SELECT a,\n       b,\n       FROM t', 3, 8, 'an expression'],
  ["SELECT * FROM t -- comment\nWHERE 'x", 2, 7, "a closing '"],
];

describe('syntax errors', () => {
  it.each(SYNTAX_ERRORS)('%j fails at line %i, column %i, expecting %s', (statement, line, column, expected) => {
    let error: unknown;
    try {
      parsePartiql(statement);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PartiqlSyntaxError);
    const syntax = error as PartiqlSyntaxError;
    expect(syntax).toBeInstanceOf(LedgerError);
    expect(syntax.code).toBe('PARTIQL_SYNTAX');
    expect([syntax.line, syntax.column]).toEqual([line, column]);
    expect(syntax.expected).toContain(expected);
    expect(syntax.message).toMatch(new RegExp(`^PartiQL syntax error at line ${line}, column ${column}: expected .+, found .+`));
  });

  it('refuses nesting deeper than the parser allows, without exhausting the stack', () => {
    for (const deep of ['('.repeat(5000) + '1' + ')'.repeat(5000), 'NOT '.repeat(5000) + 'TRUE', '- '.repeat(5000) + '1', '['.repeat(5000)]) {
      expect(() => parsePartiql(`SELECT ${deep} FROM t`)).toThrow(/at most 200 levels of nesting/);
    }
    expect(() => parsePartiql('SELECT `' + '['.repeat(100_000) + '` FROM t')).toThrow(PartiqlSyntaxError);
  });
});

describe('semantic, type and evaluation errors', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await openTestLedger();
    await ledger.query('CREATE TABLE T');
    await ledger.query("INSERT INTO T VALUE {'a': 1, 's': 'x'}");
  });
  afterAll(async () => {
    await ledger.close();
    await removeTempLedgers();
  });

  it.each<[string, unknown[], new (...args: never[]) => Error, RegExp]>([
    ['SELECT * FROM Nope', [], TableNotFoundError, /table "Nope" not found/],
    ['SELECT * FROM _ql_committed_Nope', [], TableNotFoundError, /"Nope"/],
    ['SELECT * FROM history(Nope)', [], TableNotFoundError, /"Nope"/],
    ['SELECT NOPE(1) FROM T', [], PartiqlSemanticError, /unknown function NOPE at line 1, column 8/],
    ['SELECT UPPER(1, 2) FROM T', [], PartiqlSemanticError, /UPPER takes 1 argument/],
    ['SELECT COALESCE() FROM T', [], PartiqlSemanticError, /COALESCE takes at least 1 argument/],
    ['SELECT * FROM T WHERE COUNT(*) > 1', [], PartiqlSemanticError, /COUNT is an aggregate/],
    ['SELECT SUM(a, a) FROM T', [], PartiqlSemanticError, /SUM takes one argument/],
    ['SELECT history(T) FROM T', [], PartiqlSemanticError, /history\(\) is a source/],
    ['SELECT * FROM history(1)', [], PartiqlSemanticError, /history takes a table name/],
    ['SELECT CAST(a AS WIDGET) FROM T', [], PartiqlSemanticError, /unknown type WIDGET/],
    ['SELECT @x FROM T', [], PartiqlSemanticError, /unknown variable @x/],
    ['INSERT INTO T VALUE {a: 1}', [], PartiqlSemanticError, /unknown name a at line 1, column 22/],
    ['SELECT * FROM T WHERE a = ?', [], PartiqlSemanticError, /has 1 parameter \(\?\) but 0 were given/],
    ['SELECT * FROM T', [1], PartiqlSemanticError, /has 0 parameters \(\?\) but 1 was given/],
    ['SELECT * FROM T WHERE a = ?', [() => 1], IonTypeError, /not an Ion value/],
    ["SELECT a + 'x' FROM T", [], PartiqlTypeError, /operator \+ expects numbers, not "x"/],
    ["SELECT a || 'x' FROM T", [], PartiqlTypeError, /operator \|\| expects strings or symbols, not 1/],
    ['SELECT UPPER(a) FROM T', [], PartiqlTypeError, /UPPER expects a string or symbol, not 1/],
    ["SELECT CAST(s AS INT) FROM T", [], PartiqlTypeError, /CAST AS INT expects a value convertible to INT/],
    ['SELECT a AND TRUE FROM T', [], PartiqlTypeError, /AND expects a boolean, not 1/],
    ["SELECT * FROM T LIMIT 'x'", [], PartiqlTypeError, /LIMIT expects a non-negative integer/],
    ['SELECT * FROM T LIMIT -1', [], PartiqlTypeError, /LIMIT expects a non-negative integer/],
    ['SELECT SIZE(a) FROM T', [], PartiqlTypeError, /SIZE expects a list, sexp, bag or struct/],
    ['SELECT DATE_ADD(day, 1.5, `2020T`) FROM T', [], PartiqlTypeError, /an integer interval/],
    ['SELECT * FROM T WHERE a IN 5', [], PartiqlTypeError, /IN expects a list, bag or subquery/],
    ['SELECT a / 0 FROM T', [], PartiqlEvaluationError, /division by zero/],
    ['SELECT 1.5 % 0 FROM T', [], PartiqlEvaluationError, /division by zero/],
    ['SELECT DATE_ADD(year, 9000, `2020T`) FROM T', [], PartiqlEvaluationError, /years Ion can hold/],
    ["SELECT TO_TIMESTAMP('2020-13', 'y-MM') FROM T", [], PartiqlEvaluationError, /names no real date/],
    ["SELECT TO_TIMESTAMP('x', 'y') FROM T", [], PartiqlEvaluationError, /expected 1 digit at position 1/],
    ["SELECT TO_STRING(`2020T`, 'q') FROM T", [], PartiqlEvaluationError, /pattern letter q/],
    ["SELECT 1 FROM T WHERE s LIKE 'a' ESCAPE 'xy'", [], PartiqlEvaluationError, /one character/],
    ['SELECT a + `1d99999` FROM T', [], PartiqlEvaluationError, /orders of magnitude apart/],
    ['SELECT VALUE (SELECT VALUE 1 FROM << 1, 2 >>) = 1 FROM T', [], PartiqlEvaluationError, /returned 2 rows/],
  ])('%s', async (statement, parameters, type, message) => {
    const failure = ledger.query(statement, ...(parameters as never[]));
    await expect(failure).rejects.toThrow(type);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toBeInstanceOf(LedgerError);
  });

  it('gives every error class a stable code', () => {
    expect([new PartiqlSyntaxError(1, 1, 'x', 'y'), new PartiqlSemanticError('x'), new PartiqlTypeError('x', 'y', 1), new PartiqlEvaluationError('x')].map((e) => e.code)).toEqual([
      'PARTIQL_SYNTAX',
      'PARTIQL_SEMANTIC',
      'PARTIQL_TYPE',
      'PARTIQL_EVALUATION',
    ]);
  });

  it('refuses a statement that is not a string', async () => {
    await expect(ledger.query(5 as never)).rejects.toThrow(PartiqlSemanticError);
  });
});
