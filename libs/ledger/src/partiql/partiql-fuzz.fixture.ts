// Test fixture: a seeded generator of PartiQL statements over the vehicle-registration tables (every
// statement form, expressions of every kind, well- and ill-typed, odd literals, unicode, huge
// numbers and timestamps, special field names, every keyword, deep nesting and long operator
// chains), a mutator that damages statements the way typos and hostile input do, and random
// parameter values (deeply nested ones among them).
import { Decimal, IonAnnotated, IonFloat, IonSexp, IonStruct, IonSymbol, Timestamp, type IonValue } from '../ion';
import { RESERVED_WORDS } from './token.types';

const TABLES = ['Vehicle', 'Person', 'VehicleRegistration', 'DriversLicense'];
const SOURCES = [...TABLES, ...TABLES, '_ql_committed_Vehicle', 'information_schema.user_tables', 'history(Person)', 'history(Vehicle, `2000T`, UTCNOW())', 'Nope', '<< 1, 2, 3 >>', '?', '`[{a: 1}, {a: 2.0}]`'];
const FIELDS = [
  'VIN', 'Year', 'Make', 'GovId', 'FirstName', 'Owners.PrimaryOwner.PersonId', 'Owners.SecondaryOwners', 'PendingPenaltyTicketAmount', 'ValidFromDate', 'metadata.id',
  'data.VIN', 'x', '"value"', 'indexes[0].expr', '__proto__', '"constructor"', 'prototype', 'toString', 'hasOwnProperty', '"__proto__".x', '"é😁"', '""',
];
const FUNCTIONS = [
  'UPPER', 'LOWER', 'TRIM', 'SUBSTRING', 'CHAR_LENGTH', 'CHARACTER_LENGTH', 'DATE_ADD', 'DATE_DIFF', 'EXTRACT', 'TO_STRING', 'TO_TIMESTAMP', 'UTCNOW', 'TXID',
  'COALESCE', 'NULLIF', 'SIZE', 'EXISTS', 'COUNT', 'SUM', 'MIN', 'MAX', 'AVG', 'NOPE', 'history',
];
const TYPES = ['INT', 'DECIMAL', 'FLOAT', 'STRING', 'SYMBOL', 'BOOL', 'TIMESTAMP', 'LIST', 'BAG', 'SEXP', 'STRUCT', 'BLOB', 'NULL', 'MISSING', 'WIDGET'];
const DATE_PARTS = ['year', 'month', 'day', 'hour', 'minute', 'second', 'timezone_hour', 'week'];
const LITERALS = [
  '0', '1', '-1', '2011', '9007199254740993', '99999999999999999999999999', '1.5', '0.00', '1e0', '1e400', '-0e0', '.5', "'abc'", "''", "'it''s'",
  "'%a_'", "'1N4AL11D75C109151'", "'LEWISR261LL'", 'TRUE', 'FALSE', 'NULL', 'MISSING', '`2017-08-21T`', '`2020-01-01T00:00:00.123456Z`', '`{a: 1, b: [2, 3]}`',
  '`[1, 2.0, 3e0]`', '`usd::12.50`', '`null.int`', '`{{aGVsbG8=}}`', '`(a b c)`', '`sym`', '`1d99999`', '`-1d-99999`', '`nan`', '`+inf`', "'😁'",
  '1e308', '1e-400', '4.9e-324', '9'.repeat(400), `0.${'0'.repeat(300)}1`, '-9223372036854775809', '18446744073709551616', '`0x7fffffffffffffffffff`', '`-0d0`',
  '`1d2147483648`', '`1.5e99999`', '`0001-01-01T`', '`9999-12-31T23:59:59.999999999Z`', '`2000-02-29T`', '`2000-01-01T00:00+23:59`', '`2000-01-01T00:00-00:00`',
  '`2000T`', '`2000-12T`', '`2020-01-01T00:00:00.000000000000000000001Z`', "'\u0000'", "'\uD83D'", "'Ω≈ç√∫'", "'\t\n'", "'%'", "'_'",
  "`{'__proto__': {x: 1}, constructor: 2}`", "{'__proto__': 1, 'constructor': {'prototype': 2}}", "{'toString': 'x', 'hasOwnProperty': 1}", '`a::b::c::{}`',
  '`{a: 1, a: 2}`', '`(+ 1 2)`', '`{{"clob"}}`', "`'''long''' '''string'''`", '`$0`', '<<>>', '[]', '{}', '`[]`', '``', '`null.struct`', '`true::false`',
];
const KEYWORDS = [...RESERVED_WORDS, 'EXPLAIN', 'TABLE', 'INDEX', 'UNDROP', 'PURGE', 'ASC', 'DESC', 'NULLS', 'FIRST', 'LAST', 'LEADING', 'TRAILING', 'BOTH', 'FOR', 'PRECISION'];
const SYMBOLS = ['<<', '>>', '<=', '>=', '<>', '!=', '||', '=', '<', '>', '+', '-', '*', '/', '%', '.', ',', '(', ')', '[', ']', '{', '}', ':', '@', ';', '?'];
/** Wrappers that nest an expression one level deeper. */
const NESTERS: ReadonlyArray<[string, string]> = [['(', ')'], ['[', ']'], ['<<', '>>'], ["{'a': ", '}'], ['NOT ', ''], ['- ', ''], ['UPPER(', ')'], ['x[', ']'], ['CAST(', ' AS STRING)'], ['(SELECT VALUE ', ' FROM <<1>>)']];
const OPERATORS = ['=', '<>', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '||', 'AND', 'OR'];
const DAMAGE = [
  "'", '"', '`', '(', ')', '[', ']', '{', '}', '<<', '>>', ',', '.', '*', '?', '--', '/*', '*/', ';', '@', ':', ' SELECT ', ' FROM ', ' WHERE ', ' AND ',
  ' NOT ', ' IN ', ' BY ', ' AT ', ' AS ', ' VALUE ', ' SET ', ' REMOVE ', ' ORDER BY ', ' LIMIT ', ' 1e400 ', ' 99999999999999999999999 ', '\n', '😁', '\u0000',
  '\\', '`{`', ' CAST(', ' CASE ', ' END ', "''", '""', ' NULL ', ' MISSING ',
];

/** Parameter values (immutable, so shared between statements). */
const SCALARS: readonly IonValue[] = [
  'LEWISR261LL',
  '1N4AL11D75C109151',
  "'; DROP TABLE journal_block; --",
  new Decimal('90.25'),
  new Decimal('-0.00'),
  new IonFloat(2),
  2.5,
  2n ** 70n,
  null,
  true,
  new Date(Date.UTC(2011, 0, 1)),
  Timestamp.parse('2017-08-21T')!,
  new IonSymbol('sym'),
  new Uint8Array([1, 2, 3]),
];

/** Values no caller should pass, and values at the edges (each made afresh, as some are mutable). */
const ODD_VALUES: ReadonlyArray<() => IonValue> = [
  () => undefined as unknown as IonValue,
  () => NaN,
  () => -0,
  () => -Infinity,
  () => 2n ** 4_000n,
  () => new Date(NaN),
  () => Symbol('s') as unknown as IonValue,
  () => (() => 1) as unknown as IonValue,
  () => new Map([[1, 2]]) as unknown as IonValue,
  () => new Int16Array(2) as unknown as IonValue,
  () => Object.create(null) as IonValue,
  () => new IonStruct([['a', 1], ['a', 2]]),
  () => new IonStruct('fields' as never),
  () => new IonAnnotated(['a', 'b'], { __proto__: 1 } as never),
  () => new IonSexp([1, 'x', null]),
  () => 'x'.repeat(100_000),
  () => {
    const circular: { [name: string]: IonValue } = { a: 1 };
    circular.self = circular;
    return circular;
  },
  () => {
    let shared: IonValue = [1];
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    return shared;
  },
];

/** A seeded pseudo-random generator (mulberry32), so a failure replays. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class StatementGenerator {
  constructor(private readonly random: () => number) {}

  statement(): string {
    const roll = this.random();
    if (roll < 0.01) return this.stress();
    if (roll < 0.45) return this.select(2);
    if (roll < 0.55) return this.insert();
    if (roll < 0.7) return this.update();
    if (roll < 0.78) return `DELETE FROM ${this.pick(TABLES)} AS a${this.maybe(0.5, () => ' BY id')}${this.maybe(0.8, () => ` WHERE ${this.expression(2)}`)}`;
    if (roll < 0.88) return this.ddl();
    return `EXPLAIN ${this.select(1)}`;
  }

  /** A statement built to strain limits: deep nesting, a long operator chain, a long path, many items, or a heavy join. */
  stress(): string {
    const size = this.pick([10, 150, 199, 200, 201, 1_000, 5_000, 20_000]);
    return this.pick([
      () => {
        const [open, close] = this.pick(NESTERS);
        return `SELECT VALUE ${open.repeat(size)}${this.leaf()}${close.repeat(size)} FROM ${this.pick(TABLES)} AS a`;
      },
      () => `SELECT VALUE ${Array.from({ length: size }, () => this.leaf()).join(` ${this.pick(OPERATORS)} `)} FROM ${this.pick(TABLES)} AS a`,
      () => `SELECT * FROM ${this.pick(TABLES)} AS a WHERE ${Array.from({ length: size }, () => this.expression(1)).join(` ${this.pick(['AND', 'OR'])} `)}`,
      () => `SELECT VALUE a${'.x'.repeat(Math.min(size, 1_200))} FROM ${this.pick(TABLES)} AS a`,
      () => `SELECT VALUE 1 ${this.pick(['IS NULL', 'IN (1)', "LIKE 'a'", 'BETWEEN 0 AND 2']).concat(' ').repeat(size)}FROM <<1>>`,
      () => `SELECT VALUE [${Array.from({ length: size }, () => this.leaf()).join(', ')}] FROM <<1>>`,
      () => `UPDATE ${this.pick(TABLES)} AS a SET a${'.x'.repeat(Math.min(size, 1_200))} = 1`,
      () => `SELECT ${this.maybe(0.5, () => 'DISTINCT ')}VALUE ${'['.repeat(Math.min(size, 199))}a${']'.repeat(Math.min(size, 199))} FROM ${this.pick(TABLES)} AS a`,
      () => `SELECT COUNT(*) FROM ${Array.from({ length: this.integer(3, 6) }, (_, i) => `${this.pick(TABLES)} AS t${i}`).join(', ')}`,
      () => this.doubling(),
      () => `SELECT COUNT(*) FROM ${Array.from({ length: Math.min(size, 1_000) }, (_, i) => `<<1>> AS s${i}`).join(this.pick([', ', ' CROSS JOIN ']))}`,
      () => `SELECT VALUE ${this.pick(['', '-'])}${'9'.repeat(Math.min(size, 5_000))}${this.pick(['', '.5', 'e3', 'e-99999'])} * 7 FROM <<1>>`,
    ])();
  }

  /** Nested subqueries that each double a value (a list, a struct, a text, a number): a value exponentially larger than the statement. */
  private doubling(): string {
    const [seed, op] = this.pick<[string, string]>([['1', '[s, s]'], ["{'a': 1}", "{'a': s, 'b': s}"], ["'ab'", 's || s'], ['99', 's * s'], ['`1.5`', 's * s'], ['`1.5`', 's + s'], ['1', '<<s, s>>'], ['[1]', '<<s, s>>[*]']]);
    let from = `<<${seed}>>`;
    for (let i = this.integer(5, 45); i > 0; i--) from = `(SELECT VALUE ${op} FROM ${from} AS s)`;
    return `SELECT ${this.pick(['', 'DISTINCT '])}VALUE ${this.pick(['s', 's = s', 'SIZE(s)', 'CHAR_LENGTH(s)', "{'x': s}"])} FROM ${from} AS s${this.maybe(0.3, () => ' ORDER BY s')}`;
  }

  select(depth: number): string {
    const sources = Array.from({ length: this.random() < 0.1 ? 3 : this.integer(1, 2) }, (_, i) => this.source(i));
    const projection = this.pick([
      () => '*',
      () => `VALUE ${this.expression(depth - 1)}`,
      () => Array.from({ length: this.integer(1, 3) }, () => `${this.expression(depth - 1)}${this.maybe(0.4, () => ` AS c${this.integer(0, 3)}`)}`).join(', '),
      () => 'a.*',
    ])();
    let query = `SELECT ${this.maybe(0.1, () => 'DISTINCT ')}${projection} FROM ${sources.join(this.pick([', ', ' JOIN ', ' CROSS JOIN ']))}`;
    if (query.includes(' JOIN ') && !query.includes('CROSS')) query += ` ON ${this.expression(1)}`;
    query += this.maybe(0.7, () => ` WHERE ${this.expression(depth)}`);
    query += this.maybe(0.15, () => ` GROUP BY ${this.expression(1)}${this.maybe(0.3, () => ` HAVING ${this.expression(1)}`)}`);
    query += this.maybe(0.2, () => ` ORDER BY ${this.expression(1)}${this.pick(['', ' ASC', ' DESC', ' DESC NULLS LAST', ' NULLS FIRST'])}`);
    query += this.maybe(0.15, () => ` LIMIT ${this.pick(['2', '0', '?', '-1', "'x'"])}`);
    return query + this.maybe(0.05, () => ` OFFSET ${this.pick(['1', '?'])}`);
  }

  private source(index: number): string {
    const alias = ['a', 'b', 'c'][index];
    const source = index > 0 && this.random() < 0.2 ? `@a.${this.pick(FIELDS)}` : this.pick(SOURCES);
    return `${source} AS ${alias}${this.maybe(0.2, () => ` BY ${alias}id`)}${this.maybe(0.1, () => ` AT ${alias}at`)}`;
  }

  private insert(): string {
    const table = this.pick(TABLES);
    return this.pick([
      () => `INSERT INTO ${table} VALUE ${this.struct(1)}`,
      () => `INSERT INTO ${table} << ${this.struct(1)}, ${this.struct(1)} >>`,
      () => `INSERT INTO ${table} ?`,
      () => `INSERT INTO ${table} VALUE ${this.expression(1)}`,
    ])();
  }

  private update(): string {
    const table = this.pick(TABLES);
    const operations = Array.from({ length: this.integer(1, 2) }, () =>
      this.pick([
        () => `SET ${this.target()} = ${this.expression(1)}`,
        () => `REMOVE ${this.target()}`,
        () => `INSERT INTO ${this.target()} VALUE ${this.expression(1)}${this.maybe(0.5, () => ` AT ${this.pick(["'k'", '0', '5', '?'])}`)}`,
      ])(),
    ).join(' ');
    const where = this.maybe(0.8, () => ` WHERE ${this.expression(2)}`);
    return this.random() < 0.5 ? `UPDATE ${table} AS a${this.maybe(0.3, () => ' BY id')} ${operations}${where}` : `FROM ${table} AS a${where} ${operations}`;
  }

  private target(): string {
    return this.pick([() => `a.${this.pick(FIELDS)}`, () => this.pick(FIELDS), () => 'a', () => `a.x[${this.integer(0, 3)}]`, () => `a.x[?]`])();
  }

  private ddl(): string {
    return this.pick([
      () => `CREATE TABLE ${this.pick(['T1', 'T2', ...TABLES, '"bad name"'])}`,
      () => `DROP TABLE ${this.pick(['T1', ...TABLES])}`,
      () => `CREATE INDEX ON ${this.pick(TABLES)} (${this.pick(['Make', 'Year', 'a.b.c', 'VIN'])})`,
      () => `DROP INDEX "${this.pick(['x', 'NoSuchIndex00000000000'])}" ON ${this.pick(TABLES)}${this.maybe(0.5, () => ' WITH (purge = true)')}`,
      () => `UNDROP TABLE "${this.pick(['x', 'NoSuchTable00000000000'])}"`,
    ])();
  }

  expression(depth: number): string {
    if (depth <= 0) return this.leaf();
    const next = depth - 1;
    return this.pick([
      () => this.leaf(),
      () => this.leaf(),
      () => `${this.expression(next)} ${this.pick(OPERATORS)} ${this.expression(next)}`,
      () => `${this.pick(['NOT ', '-', '+'])}${this.expression(next)}`,
      () => `${this.expression(next)} IS ${this.maybe(0.5, () => 'NOT ')}${this.pick(['NULL', 'MISSING'])}`,
      () => `${this.expression(next)} ${this.maybe(0.3, () => 'NOT ')}IN (${this.expression(next)}, ${this.expression(next)})`,
      () => `${this.expression(next)} IN ${this.pick(['?', '`[1, 2]`', `(SELECT VALUE x.Year FROM Vehicle AS x)`])}`,
      () => `${this.expression(next)} BETWEEN ${this.expression(next)} AND ${this.expression(next)}`,
      () => `${this.expression(next)} LIKE ${this.pick(["'%a%'", "'_'", "'!%' ESCAPE '!'", '?', "'x' ESCAPE 'ab'"])}`,
      () => this.call(next),
      () => `CAST(${this.expression(next)} AS ${this.pick(TYPES)})`,
      () => `CASE ${this.maybe(0.5, () => this.expression(next))} WHEN ${this.expression(next)} THEN ${this.expression(next)} ELSE ${this.expression(next)} END`,
      () => this.struct(next),
      () => `[${this.expression(next)}, ${this.expression(next)}]`,
      () => `<<${this.expression(next)}>>`,
      () => (this.random() < 0.3 ? `(${this.select(next)})` : this.leaf()),
      () => (this.random() < 0.3 ? `EXISTS(${this.select(next)})` : this.leaf()),
      () => `(${this.expression(next)})`,
      () => `${this.path()}[${this.expression(next)}]`,
    ])();
  }

  private call(depth: number): string {
    const name = this.pick(FUNCTIONS);
    if (name === 'DATE_ADD' || name === 'DATE_DIFF') return `${name}(${this.pick(DATE_PARTS)}, ${this.expression(depth)}, ${this.expression(depth)})`;
    if (name === 'EXTRACT') return `EXTRACT(${this.pick(DATE_PARTS)} FROM ${this.expression(depth)})`;
    if (name === 'COUNT' && this.random() < 0.3) return 'COUNT(*)';
    const args = Array.from({ length: this.integer(0, 3) }, () => this.expression(depth));
    return `${name}(${this.maybe(0.1, () => 'DISTINCT ')}${args.join(', ')})`;
  }

  private struct(depth: number): string {
    const fields = Array.from({ length: this.integer(0, 3) }, () => `${this.pick(["'VIN'", "'Year'", "'x'", "'a'", '?', '1'])}: ${this.expression(depth)}`);
    return `{${fields.join(', ')}}`;
  }

  private leaf(): string {
    return this.pick([() => this.pick(LITERALS), () => '?', () => this.path(), () => this.path(), () => this.pick(['aid', 'bat', '@a', 'id'])])();
  }

  private path(): string {
    return `${this.pick(['a.', 'b.', '', 'a.Owners.', 'c.'])}${this.pick(FIELDS)}${this.maybe(0.1, () => this.pick(['[*]', '.*', '[0]', "['VIN']"]))}`;
  }

  /** `statement` damaged one to three times. */
  mutate(statement: string): string {
    let text = statement;
    for (let i = this.integer(1, 3); i > 0; i--) {
      const at = this.integer(0, text.length);
      const length = this.integer(1, 8);
      switch (this.integer(0, 6)) {
        case 0:
          text = text.slice(0, at) + text.slice(at + length);
          break;
        case 1:
          text = text.slice(0, at) + this.pick(DAMAGE) + text.slice(at);
          break;
        case 2:
          text = text.slice(0, at) + text.slice(at, at + length).repeat(2) + text.slice(at);
          break;
        case 3:
          text = text.slice(0, at);
          break;
        case 4:
          text = `${text.slice(0, at)} ${this.pick([() => this.pick(KEYWORDS), () => this.pick(SYMBOLS), () => this.pick(LITERALS)])()} ${text.slice(at)}`;
          break;
        case 5:
          text = replaceWord(text, this.integer(0, 40), this.pick([...KEYWORDS, ...SYMBOLS, ...LITERALS]));
          break;
        default:
          text = swapWords(text, this.integer(0, 20));
      }
    }
    return text;
  }

  /** Values for the statement's parameters (now and then one too many or too few). */
  parameters(statement: string): IonValue[] {
    let count = statement.split('?').length - 1;
    if (this.random() < 0.05) count += this.random() < 0.5 ? -1 : 1;
    return Array.from({ length: Math.max(0, count) }, () => this.value(2));
  }

  value(depth: number): IonValue {
    if (depth > 1 && this.random() < 0.002) return this.deepValue(this.pick([10, 500, 999, 1_001]));
    if (depth > 1 && this.random() < 0.01) return this.pick(ODD_VALUES)();
    if (depth > 0 && this.random() < 0.25) {
      return this.random() < 0.5
        ? Array.from({ length: this.integer(0, 3) }, () => this.value(depth - 1))
        : { VIN: this.value(depth - 1), Year: this.value(depth - 1), [this.pick(['x', 'a', 'Make'])]: this.value(depth - 1) };
    }
    return this.random() < 0.3 ? this.integer(-5, 3000) : this.pick(SCALARS);
  }

  /** A list or struct nested `depth` deep, with special field names on the way. */
  private deepValue(depth: number): IonValue {
    let value: IonValue = this.pick(SCALARS);
    for (let i = 0; i < depth; i++) value = this.random() < 0.5 ? [value] : { [this.pick(['a', '__proto__', 'constructor'])]: value };
    return value;
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)];
  }

  private integer(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  private maybe(chance: number, text: () => string): string {
    return this.random() < chance ? text() : '';
  }
}

function replaceWord(text: string, index: number, replacement: string): string {
  const words = text.split(' ');
  words[index % words.length] = replacement;
  return words.join(' ');
}

function swapWords(text: string, index: number): string {
  const words = text.split(' ');
  if (words.length < 2) return text;
  const i = index % (words.length - 1);
  [words[i], words[i + 1]] = [words[i + 1], words[i]];
  return words.join(' ');
}
