// Bounded inputs: chains of 100,000 operators give their value, nesting of 100,000 levels gives a
// typed syntax error naming the limit (never a RangeError from an exhausted stack); DISTINCT over a
// value nested 1,000 deep keys it in time linear in its size; values, texts and numbers a statement
// doubles at each of its nested levels stop at their limit with PartiqlLimitError; a statement that
// runs past the transaction's time budget stops with the budget's LimitExceededError while it
// runs, not at commit.
import { LimitExceededError } from '../engine/errors';
import type { Ledger } from '../engine/ledger';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import type { IonValue } from '../ion';
import { PartiqlLimitError, PartiqlSyntaxError } from './errors';
import { MAX_VALUE_SIZE } from './value-size';

const TERMS = 100_000;
const DEEP = 100_000;

/** `SELECT VALUE <expr> FROM <<1>> AS x`. */
const valueOf = (expr: string) => `SELECT VALUE ${expr} FROM <<1>> AS x`;
const repeated = (item: string, separator: string) => Array.from({ length: TERMS }, () => item).join(separator);

describe('PartiQL bounded inputs', () => {
  let ledger: Ledger;

  beforeAll(async () => (ledger = await openTestLedger()));
  afterAll(async () => {
    await ledger.close();
    await removeTempLedgers();
  });

  it.each<[string, string, IonValue]>([
    ['+', valueOf(repeated('1', ' + ')), TERMS],
    ['-', valueOf(`${TERMS + 1} - ${repeated('1', ' - ')}`), 1],
    ['*', valueOf(repeated('1', ' * ')), 1],
    ['||', valueOf(repeated("'a'", ' || ')), 'a'.repeat(TERMS)],
    ['OR', valueOf(repeated('x = 2', ' OR ')), false],
    ['AND', valueOf(repeated('x = 1', ' AND ')), true],
    ['= and AND mixed', valueOf(`${repeated('1 + 1 = 2', ' AND ')} = TRUE`), true],
    ['IN with as many items', valueOf(`1 IN (${repeated('2', ', ')}, 1)`), true],
    ['a list of as many items', `SELECT VALUE SIZE([${repeated('1', ', ')}]) FROM <<1>>`, TERMS],
  ])('gives the value of a chain of %s with 100,000 operands', async (_, statement, expected) => {
    expect(await ledger.query(statement)).toEqual([expected]);
  });

  it('filters by a WHERE of 100,000 conjuncts, each a filter of its own', async () => {
    const where = Array.from({ length: TERMS }, (_, i) => `x <> ${i + 2}`).join(' AND ');
    expect(await ledger.query(`SELECT VALUE x FROM <<1, 2, 3>> AS x WHERE ${where}`)).toEqual([1]);
  });

  it.each<[string, string]>([
    ['parentheses', valueOf('('.repeat(DEEP) + '1' + ')'.repeat(DEEP))],
    ['lists', valueOf('['.repeat(DEEP) + '1' + ']'.repeat(DEEP))],
    ['bags', valueOf('<<'.repeat(DEEP) + '1' + '>>'.repeat(DEEP))],
    ['structs', valueOf("{'a': ".repeat(DEEP) + '1' + '}'.repeat(DEEP))],
    ['calls', valueOf('UPPER('.repeat(DEEP) + "'a'" + ')'.repeat(DEEP))],
    ['NOT', valueOf('NOT '.repeat(DEEP) + 'TRUE')],
    ['unary minus', valueOf('- '.repeat(DEEP) + '1')],
    ['IS NULL', valueOf('1' + ' IS NULL'.repeat(DEEP))],
    ['IN', valueOf('1' + ' IN (1)'.repeat(DEEP))],
    ['LIKE', valueOf("'a'" + " LIKE 'a'".repeat(DEEP))],
    ['BETWEEN', valueOf('1' + ' BETWEEN 0 AND 2'.repeat(DEEP))],
    ['right operands', valueOf('1 OR 1 AND 1 = 1 || 1 + 1 * (' .repeat(DEEP) + '1' + ')'.repeat(DEEP))],
    ['index steps', valueOf('x' + '[x'.repeat(DEEP) + ']'.repeat(DEEP))],
    ['subqueries', valueOf('(SELECT VALUE '.repeat(DEEP) + '1' + ' FROM <<1>>)'.repeat(DEEP))],
    ['CASE', valueOf('CASE WHEN TRUE THEN '.repeat(DEEP) + '1' + ' END'.repeat(DEEP))],
  ])('refuses %s nested 100,000 deep with a syntax error naming the limit', async (_, statement) => {
    const error = await ledger.query(statement).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartiqlSyntaxError);
    expect((error as PartiqlSyntaxError).expected).toBe('at most 200 levels of nesting');
  });

  it('compiles each index expression of a path once: index steps nested 150 deep are read in linear time', async () => {
    const deep = 'x' + '[x'.repeat(150) + '[0]' + ']'.repeat(150);
    expect(await ledger.query(valueOf(deep))).toEqual([]);
  });

  it.each([',', ' CROSS JOIN', ' LEFT JOIN'])('refuses a FROM of 10,000 sources joined by "%s", naming the limit, and runs one of 200', async (join) => {
    const on = join === ' LEFT JOIN' ? ' ON TRUE' : '';
    const sources = Array.from({ length: 10_000 }, (_, i) => `<<1>> AS s${i}${i > 0 ? on : ''}`).join(`${join} `);
    const error = await ledger.query(`SELECT COUNT(*) FROM ${sources}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartiqlSyntaxError);
    expect((error as PartiqlSyntaxError).expected).toBe('at most 200 sources in FROM');
    expect(await ledger.query(`SELECT COUNT(*) FROM ${sources.split(`${join} `).slice(0, 200).join(`${join} `)}`)).toEqual([{ _1: 1 }]);
  });

  it('hashes a parameter struct of 400,000 fields in time linear in its fields (quadratic, it took minutes)', async () => {
    const wide = Object.fromEntries(Array.from({ length: 400_000 }, (_, i) => [`k${i}`, i]));
    expect(await ledger.query('SELECT VALUE x.k399999 FROM ? AS x', wide)).toEqual([399_999]);
  });

  it('refuses a path of more steps than any Ion value nests, in queries and in DML', async () => {
    const steps = '.a'.repeat(DEEP);
    for (const statement of [valueOf(`x${steps}`), `UPDATE T AS t SET t${steps} = 1`, `UPDATE T AS t REMOVE t${steps}`]) {
      const error = await ledger.query(statement).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartiqlSyntaxError);
      expect((error as PartiqlSyntaxError).expected).toBe('at most 1000 steps in a path');
    }
  });

  it('keeps DISTINCT values nested 1,000 deep apart, and together when equal', async () => {
    const nested = (leaf: IonValue) => {
      let value = leaf;
      for (let i = 1; i < 1_000; i++) value = i % 2 ? [value, 'a"\\b'] : { 'k"\\': value };
      return value;
    };
    const values = await ledger.query('SELECT DISTINCT VALUE v FROM ? AS v', [nested(1), nested(2), nested(1), nested(1.0)]);
    expect(values).toEqual([nested(1), nested(2)]);
  });

  /** `SELECT VALUE <op> FROM (SELECT VALUE <op> FROM … <<seed>> AS s) AS s`, `levels` deep: each level may double the value. */
  const doubled = (seed: string, op: string, levels: number) => {
    let from = `<<${seed}>>`;
    for (let i = 0; i < levels; i++) from = `(SELECT VALUE ${op} FROM ${from} AS s)`;
    return `SELECT VALUE s FROM ${from} AS s`;
  };

  it.each<[string, string, string]>([
    ['a list holding its value twice', doubled('1', '[s, s]', 40), 'valueSize'],
    ['a struct holding its value twice', doubled('1', "{'a': s, 'b': s}", 40), 'valueSize'],
    ['a bag of a path over both', doubled("{'a': 1}", "<<s, s>>[*]", 40), 'valueSize'],
    ['a text concatenated with itself', doubled("'ab'", 's || s', 40), 'textLength'],
    ['an int squared', doubled('99', 's * s', 40), 'integerBits'],
    ['a decimal squared', doubled('`1.5`', 's * s', 40), 'integerBits'],
  ])('refuses %s at each of 40 nested levels with PartiqlLimitError, instead of growing without end', async (_, statement, limit) => {
    const error = await ledger.query(statement).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartiqlLimitError);
    expect((error as PartiqlLimitError).limit).toBe(limit);
  });

  it('keys DISTINCT values of 8 million parts, shared between 23 levels, within a 10 s budget (keying them written out took 40 s)', async () => {
    const budgeted = await openTestLedger(undefined, { limits: { transactionMs: 10_000 } });
    try {
      for (const op of ["{'a': s, 'b': s}", '[s, s]']) {
        expect(await budgeted.query(doubled('1', op, 23).replace('SELECT VALUE s', "SELECT DISTINCT VALUE {'x': s}"))).toHaveLength(1);
      }
    } finally {
      await budgeted.close();
    }
  });

  it('refuses a parameter whose shared parts make it larger than MAX_VALUE_SIZE, before walking it whole, every time it is given', async () => {
    let shared: IonValue = [1];
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    for (const attempt of [1, 2]) {
      const error = await ledger.query('SELECT VALUE 1 FROM ? AS x', shared).catch((e: unknown) => e);
      expect([attempt, error]).toEqual([attempt, expect.any(PartiqlLimitError)]);
      expect((error as PartiqlLimitError).maximum).toBe(MAX_VALUE_SIZE);
    }
  });

  describe('with a time budget of 1 ms', () => {
    let hurried: Ledger;
    const items = `<<${Array.from({ length: 100 }, (_, i) => i).join(', ')}>>`;
    const crossJoin = `SELECT VALUE a + b + c FROM ${items} AS a, ${items} AS b, ${items} AS c`;
    const rows = 100 ** 3;

    beforeAll(async () => (hurried = await openTestLedger(undefined, { limits: { transactionMs: 1 } })));
    afterAll(() => hurried.close());

    it('stops a cross join while it runs, with the budget error, long before its last row', async () => {
      let produced = 0;
      const error = await (async () => {
        for await (const value of hurried.queryIterator(crossJoin)) produced += value === undefined ? 0 : 1;
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LimitExceededError);
      expect((error as LimitExceededError).limit).toBe('transactionMs');
      expect(produced).toBeLessThan(rows);
    });

    it('stops a LIKE whose text and pattern take many steps, inside the statement', async () => {
      let fromStatement: unknown;
      await hurried
        .execute(async (tx) => {
          fromStatement = await tx.executeStatement('SELECT VALUE ? LIKE ? FROM <<1>>', 'a'.repeat(200_000), `%${'a'.repeat(1_000)}b`).catch((e: unknown) => e);
        })
        .catch(() => undefined);
      expect(fromStatement).toBeInstanceOf(LimitExceededError);
    });

    it('stops a cross join that produces nothing until its end (COUNT, ORDER BY) inside the statement, not at commit', async () => {
      for (const statement of [`SELECT COUNT(*) FROM ${items} AS a, ${items} AS b, ${items} AS c`, `${crossJoin} ORDER BY a DESC`]) {
        let fromStatement: unknown;
        const fromCommit = await hurried
          .execute(async (tx) => {
            fromStatement = await tx.executeStatement(statement).catch((e: unknown) => e);
          })
          .catch((e: unknown) => e);
        expect(fromStatement).toBeInstanceOf(LimitExceededError);
        expect(fromCommit).toBeInstanceOf(LimitExceededError);
      }
    });
  });
});
