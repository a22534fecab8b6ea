// The PartiQL parser: tokens to an AST by recursive descent, one method per grammar rule, with
// operator precedence climbing from OR down to path steps. Every error names the line and column
// and what was expected there. A chain of left-associative operators (`a + b + … + z`) is read in a
// loop, however long; everything that nests (parentheses, collections, structs, calls, unary
// operators, predicates, operands of tighter operators) counts towards MAX_DEPTH, so no statement
// can exhaust the stack of the parser or of what walks its tree.
import { Decimal, IonFloat, type IonValue } from '../ion';
import { MAX_DEPTH as MAX_ION_DEPTH } from '../ion/value-path';
import type {
  BinaryOperator,
  DmlOperation,
  Expr,
  FromSource,
  OrderItem,
  ParsedStatement,
  PathStep,
  Position,
  Projection,
  ProjectionItem,
  SelectQuery,
  Statement,
  TableName,
} from './ast.types';
import { PartiqlSyntaxError } from './errors';
import { parseIonLiteral } from './ion-literal';
import { PartiqlLexer } from './partiql-lexer';
import { describeToken, TokenKind, type Token } from './token.types';

/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 200;

/** More FROM sources (joined) than this are refused: each is a level of the join's loops. */
const MAX_FROM_SOURCES = 200;

/** A longer path is refused: it could reach nothing, as no Ion value nests deeper (ion/value-path.ts). */
const MAX_PATH_STEPS = MAX_ION_DEPTH;

/** How tightly operators bind, loosest first. */
enum Precedence {
  Or = 1,
  And,
  Not,
  Comparison,
  Concat,
  Additive,
  Multiplicative,
  Unary,
}

type Infix = { precedence: Precedence; binary?: BinaryOperator };

const comparison = (binary?: BinaryOperator): Infix => ({ precedence: Precedence.Comparison, ...(binary ? { binary } : {}) });

/** Infix operators by token text: a binary operator, or (IS, IN, LIKE, BETWEEN and the NOT before them) a predicate. */
const INFIX: ReadonlyMap<string, Infix> = new Map<string, Infix>([
  ['OR', { precedence: Precedence.Or, binary: 'OR' }],
  ['AND', { precedence: Precedence.And, binary: 'AND' }],
  ['=', comparison('=')],
  ['<>', comparison('<>')],
  ['!=', comparison('<>')],
  ['<', comparison('<')],
  ['<=', comparison('<=')],
  ['>', comparison('>')],
  ['>=', comparison('>=')],
  ['IS', comparison()],
  ['IN', comparison()],
  ['LIKE', comparison()],
  ['BETWEEN', comparison()],
  ['NOT', comparison()],
  ['||', { precedence: Precedence.Concat, binary: '||' }],
  ['+', { precedence: Precedence.Additive, binary: '+' }],
  ['-', { precedence: Precedence.Additive, binary: '-' }],
  ['*', { precedence: Precedence.Multiplicative, binary: '*' }],
  ['/', { precedence: Precedence.Multiplicative, binary: '/' }],
  ['%', { precedence: Precedence.Multiplicative, binary: '%' }],
]);
const DATE_PARTS = new Set(['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'TIMEZONE_HOUR', 'TIMEZONE_MINUTE']);
const TRIM_SPECS = new Set(['LEADING', 'TRAILING', 'BOTH']);

/** Parses one PartiQL statement. Throws PartiqlSyntaxError. */
export function parsePartiql(source: string): ParsedStatement {
  return new PartiqlParser(PartiqlLexer.tokenize(source)).parse();
}

class PartiqlParser {
  private at = 0;
  private depth = 0;
  private parameters = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): ParsedStatement {
    const statement = this.statement();
    this.acceptSymbol(';');
    this.expectEnd();
    return { statement, parameterCount: this.parameters };
  }

  // --- statements --------------------------------------------------------------------------------

  private statement(): Statement {
    const position = this.position();
    if (this.acceptWord('EXPLAIN')) {
      const statement = this.statement();
      if (statement.kind === 'explain') throw this.errorAt(position, 'a statement to explain', 'EXPLAIN EXPLAIN');
      return { kind: 'explain', statement, position };
    }
    const token = this.peek();
    if (token.kind === TokenKind.Keyword) {
      switch (token.text) {
        case 'SELECT':
          return this.select();
        case 'INSERT':
          return this.insert();
        case 'UPDATE':
          return this.update();
        case 'FROM':
          return this.fromDml();
        case 'DELETE':
          return this.delete();
        case 'CREATE':
          return this.create();
        case 'DROP':
          return this.drop();
      }
    }
    if (this.isWord('UNDROP')) return this.undrop();
    if (this.isWord('EXEC')) return this.exec();
    throw this.error('a statement (SELECT, INSERT, UPDATE, FROM, DELETE, CREATE, DROP, UNDROP, EXEC or EXPLAIN)');
  }

  private insert(): Statement {
    const position = this.position();
    this.expectKeyword('INSERT');
    this.expectKeyword('INTO');
    const table = this.tableName();
    const single = this.acceptKeyword('VALUE');
    return { kind: 'insert', table, single, value: this.expression(), position };
  }

  private update(): Statement {
    const position = this.position();
    this.expectKeyword('UPDATE');
    const source = this.dmlSource();
    const operations = this.dmlOperations();
    const where = this.acceptKeyword('WHERE') ? this.expression() : undefined;
    return { kind: 'update', source, operations, ...(where ? { where } : {}), position };
  }

  private fromDml(): Statement {
    const position = this.position();
    this.expectKeyword('FROM');
    const source = this.dmlSource();
    const where = this.acceptKeyword('WHERE') ? this.expression() : undefined;
    return { kind: 'update', source, operations: this.dmlOperations(), ...(where ? { where } : {}), position };
  }

  private delete(): Statement {
    const position = this.position();
    this.expectKeyword('DELETE');
    this.expectKeyword('FROM');
    const source = this.dmlSource();
    const where = this.acceptKeyword('WHERE') ? this.expression() : undefined;
    return { kind: 'delete', source, ...(where ? { where } : {}), position };
  }

  /** `table [AS alias] [BY id]`. */
  private dmlSource(): FromSource {
    const position = this.position();
    const table = this.tableName();
    const source: FromSource = { expr: { kind: 'name', name: table.name, quoted: true, variable: false, position }, join: 'first', position };
    this.sourceAliases(source);
    return source;
  }

  private dmlOperations(): DmlOperation[] {
    const operations: DmlOperation[] = [];
    for (;;) {
      const position = this.position();
      if (this.acceptKeyword('SET')) {
        do {
          const target = this.target();
          this.expectSymbol('=');
          operations.push({ kind: 'set', target, value: this.expression(), position });
        } while (this.acceptSymbol(','));
      } else if (this.acceptKeyword('REMOVE')) {
        operations.push({ kind: 'remove', target: this.target(), position });
      } else if (this.acceptKeyword('INSERT')) {
        this.expectKeyword('INTO');
        const target = this.target();
        this.expectKeyword('VALUE');
        const value = this.expression();
        const at = this.acceptKeyword('AT') ? this.expression() : undefined;
        operations.push({ kind: 'insertInto', target, value, ...(at ? { at } : {}), position });
      } else if (operations.length === 0) {
        throw this.error('SET, REMOVE or INSERT INTO');
      } else {
        return operations;
      }
    }
  }

  /** A path to change: a name and field or index steps. */
  private target(): Expr {
    const token = this.peek();
    const target = this.postfix();
    const steps = target.kind === 'path' ? target.steps : [];
    const root = target.kind === 'path' ? target.root : target;
    if (root.kind !== 'name' || steps.some((s) => s.kind === 'allElements' || s.kind === 'allFields')) {
      throw this.errorAt(token, 'a path to change (a name, then .field or [index] steps)', describeToken(token));
    }
    return target;
  }

  private create(): Statement {
    const position = this.position();
    this.expectKeyword('CREATE');
    if (this.acceptWord('TABLE')) return { kind: 'createTable', table: this.tableName(), position };
    this.expectWord('INDEX', 'TABLE or INDEX');
    this.expectKeyword('ON');
    const table = this.tableName();
    this.expectSymbol('(');
    const path = [this.name('a field name')];
    while (this.acceptSymbol('.')) path.push(this.name('a field name'));
    this.expectSymbol(')');
    return { kind: 'createIndex', table, path, position };
  }

  private drop(): Statement {
    const position = this.position();
    this.expectKeyword('DROP');
    if (this.acceptWord('TABLE')) return { kind: 'dropTable', table: this.tableName(), position };
    this.expectWord('INDEX', 'TABLE or INDEX');
    const indexId = this.quotedId('the index id in double quotes');
    this.expectKeyword('ON');
    const table = this.tableName();
    if (this.acceptKeyword('WITH')) {
      this.expectSymbol('(');
      this.expectWord('PURGE', 'purge');
      this.expectSymbol('=');
      this.expectKeyword('TRUE');
      this.expectSymbol(')');
    }
    return { kind: 'dropIndex', indexId, table, position };
  }

  private undrop(): Statement {
    const position = this.position();
    this.expectWord('UNDROP', 'UNDROP');
    this.expectWord('TABLE', 'TABLE');
    return { kind: 'undropTable', tableId: this.quotedId('the table id in double quotes'), position };
  }

  /** EXEC <procedure> arg, …: a stored procedure (QLDB had one: REDACT_REVISION; ours: REDACT_EVENT). */
  private exec(): Statement {
    const position = this.position();
    this.expectWord('EXEC', 'EXEC');
    const procedure = this.name('a stored procedure name').toUpperCase();
    const args: Expr[] = [];
    do args.push(this.expression());
    while (this.acceptSymbol(','));
    return { kind: 'exec', procedure, args, position };
  }

  private tableName(): TableName {
    const position = this.position();
    return { name: this.name('a table name'), position };
  }

  private quotedId(expected: string): string {
    const token = this.peek();
    if (token.kind !== TokenKind.QuotedIdentifier && token.kind !== TokenKind.String) throw this.error(expected);
    this.at++;
    return token.text;
  }

  // --- queries -----------------------------------------------------------------------------------

  private select(): SelectQuery {
    const position = this.position();
    this.enter();
    this.expectKeyword('SELECT');
    const distinct = this.acceptKeyword('DISTINCT');
    if (!distinct) this.acceptKeyword('ALL');
    const projection = this.projection();
    this.expectKeyword('FROM');
    const query: SelectQuery = { kind: 'select', distinct, projection, from: this.fromList(), position };
    if (this.acceptKeyword('WHERE')) query.where = this.expression();
    if (this.acceptKeyword('GROUP')) query.groupBy = this.groupBy();
    if (this.acceptKeyword('HAVING')) query.having = this.expression();
    if (this.acceptKeyword('ORDER')) query.orderBy = this.orderBy();
    if (this.acceptKeyword('LIMIT')) query.limit = this.expression();
    if (this.acceptKeyword('OFFSET')) query.offset = this.expression();
    this.leave();
    return query;
  }

  private projection(): Projection {
    if (this.acceptKeyword('VALUE')) return { kind: 'value', expr: this.expression() };
    if (this.acceptSymbol('*')) return { kind: 'star' };
    const items: ProjectionItem[] = [];
    do items.push(this.projectionItem());
    while (this.acceptSymbol(','));
    return { kind: 'items', items };
  }

  private projectionItem(): ProjectionItem {
    const position = this.position();
    const expr = this.expression();
    if (expr.kind === 'path' && expr.steps.length && expr.steps[expr.steps.length - 1].kind === 'allFields') {
      const steps = expr.steps.slice(0, -1);
      return { kind: 'allFields', expr: steps.length ? { ...expr, steps } : expr.root, position };
    }
    const alias = this.alias();
    return { kind: 'expr', expr, ...(alias !== undefined ? { alias } : {}), position };
  }

  /** `[AS] name`, or nothing. */
  private alias(): string | undefined {
    if (this.acceptKeyword('AS')) return this.name('an alias');
    const token = this.peek();
    if (token.kind === TokenKind.Identifier || token.kind === TokenKind.QuotedIdentifier) {
      this.at++;
      return token.text;
    }
    return undefined;
  }

  private fromList(): FromSource[] {
    const sources = [this.fromSource('first')];
    for (;;) {
      if (sources.length > MAX_FROM_SOURCES) throw this.errorAt(sources[MAX_FROM_SOURCES].position, `at most ${MAX_FROM_SOURCES} sources in FROM`, 'another source');
      if (this.acceptSymbol(',')) sources.push(this.fromSource('cross'));
      else if (this.acceptKeyword('CROSS')) {
        this.expectKeyword('JOIN');
        sources.push(this.fromSource('cross'));
      } else if (this.acceptKeyword('INNER') || this.isKeyword('JOIN')) {
        this.expectKeyword('JOIN');
        sources.push(this.joined('inner'));
      } else if (this.acceptKeyword('LEFT')) {
        this.acceptKeyword('OUTER');
        this.expectKeyword('JOIN');
        sources.push(this.joined('left'));
      } else return sources;
    }
  }

  private joined(join: 'inner' | 'left'): FromSource {
    const source = this.fromSource(join);
    this.expectKeyword('ON');
    source.on = this.expression();
    return source;
  }

  private fromSource(join: FromSource['join']): FromSource {
    const position = this.position();
    const source: FromSource = { expr: this.expression(), join, position };
    this.sourceAliases(source);
    return source;
  }

  private sourceAliases(source: FromSource): void {
    const alias = this.alias();
    if (alias !== undefined) source.alias = alias;
    if (this.acceptKeyword('AT')) source.atAlias = this.name('an alias for the position');
    if (this.acceptKeyword('BY')) source.byAlias = this.name('an alias for the document id');
  }

  private groupBy(): Array<{ expr: Expr; alias?: string }> {
    this.expectKeyword('BY');
    const items: Array<{ expr: Expr; alias?: string }> = [];
    do {
      const expr = this.expression();
      const alias = this.acceptKeyword('AS') ? this.name('an alias') : undefined;
      items.push({ expr, ...(alias !== undefined ? { alias } : {}) });
    } while (this.acceptSymbol(','));
    return items;
  }

  private orderBy(): OrderItem[] {
    this.expectKeyword('BY');
    const items: OrderItem[] = [];
    do {
      const expr = this.expression();
      const descending = this.acceptWord('DESC');
      if (!descending) this.acceptWord('ASC');
      const item: OrderItem = { expr, descending };
      if (this.acceptWord('NULLS')) {
        if (this.acceptWord('FIRST')) item.nullsFirst = true;
        else if (this.acceptWord('LAST')) item.nullsFirst = false;
        else throw this.error('FIRST or LAST');
      }
      items.push(item);
    } while (this.acceptSymbol(','));
    return items;
  }

  // --- expressions -------------------------------------------------------------------------------

  private expression(): Expr {
    this.enter();
    const expr = this.operatorsFrom(Precedence.Or);
    this.leave();
    return expr;
  }

  /**
   * An operand, then every infix operator binding at least as tightly as `minimum` (precedence
   * climbing), in a loop: a chain of binary operators grows the tree's left spine without recursing
   * (the compiler folds such a spine in a loop too). A predicate (IS, IN, LIKE, BETWEEN) applied to
   * the result nests it, and counts towards the depth.
   */
  private operatorsFrom(minimum: Precedence): Expr {
    let left = this.prefixed(minimum);
    const depth = this.depth;
    try {
      for (;;) {
        const token = this.peek();
        const operator = infixOperator(token);
        if (operator === undefined || operator.precedence < minimum) return left;
        if (operator.binary) left = this.binary(operator.binary, left, () => this.nested(() => this.operatorsFrom(operator.precedence + 1)));
        else {
          this.enter();
          left = this.predicate(left, { line: token.line, column: token.column });
        }
      }
    } finally {
      this.depth = depth;
    }
  }

  /** NOT, unary + and -, or a path expression. */
  private prefixed(minimum: Precedence): Expr {
    const position = this.position();
    if (minimum <= Precedence.Not && this.acceptKeyword('NOT')) return { kind: 'unary', operator: 'NOT', operand: this.nested(() => this.operatorsFrom(Precedence.Not)), position };
    if (this.isSymbol('-') || this.isSymbol('+')) {
      const operator = this.next().text as '-' | '+';
      return { kind: 'unary', operator, operand: this.nested(() => this.prefixed(Precedence.Unary)), position };
    }
    return this.postfix();
  }

  private nested(parse: () => Expr): Expr {
    this.enter();
    const expr = parse();
    this.leave();
    return expr;
  }

  /** IS [NOT] NULL/MISSING, [NOT] IN, [NOT] LIKE … [ESCAPE …], [NOT] BETWEEN … AND …. */
  private predicate(operand: Expr, position: Position): Expr {
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      const test = this.acceptKeyword('NULL') ? 'NULL' : this.acceptKeyword('MISSING') ? 'MISSING' : undefined;
      if (!test) throw this.error('NULL or MISSING');
      return { kind: 'is', operand, test, negated, position };
    }
    const negated = this.acceptKeyword('NOT');
    const operandAbove = () => this.operatorsFrom(Precedence.Comparison + 1);
    if (this.acceptKeyword('IN')) return { kind: 'in', operand, items: this.inItems(operandAbove), negated, position };
    if (this.acceptKeyword('LIKE')) {
      const pattern = operandAbove();
      const escape = this.acceptKeyword('ESCAPE') ? operandAbove() : undefined;
      return { kind: 'like', operand, pattern, ...(escape ? { escape } : {}), negated, position };
    }
    if (this.acceptKeyword('BETWEEN')) {
      const low = operandAbove();
      this.expectKeyword('AND');
      return { kind: 'between', operand, low, high: operandAbove(), negated, position };
    }
    throw this.error('IN, LIKE or BETWEEN');
  }

  /** `(a, b, …)` as items; `(SELECT …)`, `?`, `[…]`, `<<…>>` as one collection. */
  private inItems(collection: () => Expr): Expr[] | Expr {
    if (!this.isSymbol('(') || this.peek(1).text === 'SELECT') return collection();
    this.expectSymbol('(');
    const items: Expr[] = [];
    do items.push(this.expression());
    while (this.acceptSymbol(','));
    this.expectSymbol(')');
    return items;
  }

  private binary(operator: BinaryOperator, left: Expr, right: () => Expr): Expr {
    const token = this.next();
    return { kind: 'binary', operator, left, right: right(), position: { line: token.line, column: token.column } };
  }

  private postfix(): Expr {
    const root = this.primary();
    const steps: PathStep[] = [];
    for (;;) {
      const position = this.position();
      if (this.acceptSymbol('.')) {
        if (this.acceptSymbol('*')) steps.push({ kind: 'allFields', position });
        else steps.push({ kind: 'field', name: this.name('a field name or * (quote a reserved word: "value")'), position });
      } else if (this.acceptSymbol('[')) {
        if (this.acceptSymbol('*')) steps.push({ kind: 'allElements', position });
        else steps.push({ kind: 'index', index: this.expression(), position });
        this.expectSymbol(']');
      } else break;
      if (steps.length > MAX_PATH_STEPS) throw this.errorAt(position, `at most ${MAX_PATH_STEPS} steps in a path`, 'a longer path');
    }
    return steps.length ? { kind: 'path', root, steps, position: root.position } : root;
  }

  private primary(): Expr {
    const token = this.peek();
    const position = { line: token.line, column: token.column };
    switch (token.kind) {
      case TokenKind.Integer:
      case TokenKind.Decimal:
      case TokenKind.Float:
        this.at++;
        return { kind: 'literal', value: numberLiteral(token), position };
      case TokenKind.String:
        this.at++;
        return { kind: 'literal', value: token.text, position };
      case TokenKind.Ion:
        this.at++;
        return { kind: 'literal', value: parseIonLiteral(token), position };
      case TokenKind.Parameter:
        this.at++;
        return { kind: 'parameter', index: this.parameters++, position };
      case TokenKind.QuotedIdentifier:
        this.at++;
        return { kind: 'name', name: token.text, quoted: true, variable: false, position };
      case TokenKind.Identifier:
        return this.peek(1).text === '(' && this.peek(1).kind === TokenKind.Symbol ? this.call() : this.nameExpr();
      case TokenKind.Keyword:
        return this.keywordPrimary(token, position);
      case TokenKind.Symbol:
        return this.symbolPrimary(token, position);
    }
    throw this.error('an expression');
  }

  private nameExpr(): Expr {
    const token = this.next();
    return { kind: 'name', name: token.text, quoted: false, variable: false, position: { line: token.line, column: token.column } };
  }

  private keywordPrimary(token: Token, position: Position): Expr {
    switch (token.text) {
      case 'TRUE':
      case 'FALSE':
        this.at++;
        return { kind: 'literal', value: token.text === 'TRUE', position };
      case 'NULL':
        this.at++;
        return { kind: 'literal', value: null, position };
      case 'MISSING':
        this.at++;
        return { kind: 'missing', position };
      case 'CAST':
        return this.cast();
      case 'CASE':
        return this.caseExpr();
      case 'EXISTS':
        return this.call();
    }
    throw this.error('an expression');
  }

  private symbolPrimary(token: Token, position: Position): Expr {
    switch (token.text) {
      case '(':
        return this.parenthesized(position);
      case '[':
        return this.collection(']', false, position);
      case '<<':
        return this.collection('>>', true, position);
      case '{':
        return this.struct(position);
      case '@': {
        this.at++;
        const name = this.name('a variable name');
        return { kind: 'name', name, quoted: true, variable: true, position };
      }
    }
    throw this.error('an expression');
  }

  private parenthesized(position: Position): Expr {
    this.expectSymbol('(');
    if (this.isKeyword('SELECT')) {
      const query = this.select();
      this.expectSymbol(')');
      return { kind: 'subquery', query, position };
    }
    const expr = this.expression();
    this.expectSymbol(')');
    return expr;
  }

  private collection(close: string, bag: boolean, position: Position): Expr {
    this.next();
    this.enter();
    const items: Expr[] = [];
    if (!this.acceptSymbol(close)) {
      do items.push(this.expression());
      while (this.acceptSymbol(','));
      this.expectSymbol(close);
    }
    this.leave();
    return { kind: 'list', bag, items, position };
  }

  private struct(position: Position): Expr {
    this.expectSymbol('{');
    this.enter();
    const fields: Array<{ key: Expr; value: Expr }> = [];
    if (!this.acceptSymbol('}')) {
      do {
        const key = this.expression();
        this.expectSymbol(':');
        fields.push({ key, value: this.expression() });
      } while (this.acceptSymbol(','));
      this.expectSymbol('}');
    }
    this.leave();
    return { kind: 'struct', fields, position };
  }

  private cast(): Expr {
    const position = this.position();
    this.expectKeyword('CAST');
    this.expectSymbol('(');
    const operand = this.expression();
    this.expectKeyword('AS');
    const type = this.typeName();
    this.expectSymbol(')');
    return { kind: 'cast', operand, type, position };
  }

  /** A type name, a multi-word one (DOUBLE PRECISION) and precision arguments (DECIMAL(5, 2)) included. */
  private typeName(): string {
    const token = this.peek();
    if (token.kind !== TokenKind.Identifier && !(token.kind === TokenKind.Keyword && (token.text === 'NULL' || token.text === 'MISSING'))) {
      throw this.error('a type name');
    }
    this.at++;
    let type = token.text.toUpperCase();
    if (type === 'DOUBLE' && this.acceptWord('PRECISION')) type = 'DOUBLE PRECISION';
    if (this.acceptSymbol('(')) {
      do this.integer();
      while (this.acceptSymbol(','));
      this.expectSymbol(')');
    }
    return type;
  }

  private integer(): void {
    if (this.peek().kind !== TokenKind.Integer) throw this.error('an integer');
    this.at++;
  }

  private caseExpr(): Expr {
    const position = this.position();
    this.expectKeyword('CASE');
    this.enter();
    const operand = this.isKeyword('WHEN') ? undefined : this.expression();
    const whens: Array<{ when: Expr; then: Expr }> = [];
    while (this.acceptKeyword('WHEN')) {
      const when = this.expression();
      this.expectKeyword('THEN');
      whens.push({ when, then: this.expression() });
    }
    if (!whens.length) throw this.error('WHEN');
    const otherwise = this.acceptKeyword('ELSE') ? this.expression() : undefined;
    this.expectKeyword('END');
    this.leave();
    return { kind: 'case', ...(operand ? { operand } : {}), whens, ...(otherwise ? { otherwise } : {}), position };
  }

  private call(): Expr {
    const nameToken = this.next();
    const name = nameToken.text.toUpperCase();
    const position = { line: nameToken.line, column: nameToken.column };
    this.expectSymbol('(');
    this.enter();
    const call = { kind: 'call' as const, name, args: [] as Expr[], star: false, distinct: false, position };
    switch (name) {
      case 'SUBSTRING':
        this.substringArgs(call.args);
        break;
      case 'TRIM':
        this.trimArgs(call.args);
        break;
      case 'EXTRACT':
        call.args.push(this.datePart());
        this.expectKeyword('FROM');
        call.args.push(this.expression());
        break;
      case 'DATE_ADD':
      case 'DATE_DIFF':
        call.args.push(this.datePart());
        while (this.acceptSymbol(',')) call.args.push(this.expression());
        break;
      default:
        this.plainArgs(call);
    }
    this.expectSymbol(')');
    this.leave();
    return call;
  }

  private plainArgs(call: { args: Expr[]; star: boolean; distinct: boolean }): void {
    if (this.isSymbol(')')) return;
    if (this.acceptSymbol('*')) {
      call.star = true;
      return;
    }
    call.distinct = this.acceptKeyword('DISTINCT');
    if (!call.distinct) this.acceptKeyword('ALL');
    if (this.isKeyword('SELECT')) {
      const position = this.position();
      call.args.push({ kind: 'subquery', query: this.select(), position });
      return;
    }
    do call.args.push(this.expression());
    while (this.acceptSymbol(','));
  }

  /** SUBSTRING(s, start [, length]) or SUBSTRING(s FROM start [FOR length]). */
  private substringArgs(args: Expr[]): void {
    args.push(this.expression());
    if (this.acceptKeyword('FROM')) {
      args.push(this.expression());
      if (this.acceptWord('FOR')) args.push(this.expression());
      return;
    }
    while (this.acceptSymbol(',')) args.push(this.expression());
  }

  /** TRIM([[LEADING|TRAILING|BOTH] [characters] FROM] s), as TRIM(spec, characters, s). */
  private trimArgs(args: Expr[]): void {
    const position = this.position();
    const token = this.peek();
    const explicit = token.kind === TokenKind.Identifier && TRIM_SPECS.has(token.text.toUpperCase());
    if (explicit) this.at++;
    let characters: Expr = { kind: 'literal', value: ' ', position };
    let operand: Expr;
    if (explicit && this.acceptKeyword('FROM')) operand = this.expression();
    else {
      operand = this.expression();
      if (this.acceptKeyword('FROM')) {
        characters = operand;
        operand = this.expression();
      } else if (explicit) throw this.error('FROM');
    }
    args.push({ kind: 'literal', value: explicit ? token.text.toUpperCase() : 'BOTH', position }, characters, operand);
  }

  private datePart(): Expr {
    const token = this.peek();
    const part = token.text.toUpperCase();
    if ((token.kind !== TokenKind.Identifier && token.kind !== TokenKind.QuotedIdentifier) || !DATE_PARTS.has(part)) {
      throw this.error('a date part (year, month, day, hour, minute, second, timezone_hour or timezone_minute)');
    }
    this.at++;
    return { kind: 'literal', value: part, position: { line: token.line, column: token.column } };
  }

  // --- tokens ------------------------------------------------------------------------------------

  /** A name: an identifier, or a "quoted" one (which may be a reserved word). */
  private name(expected: string): string {
    const token = this.peek();
    if (token.kind !== TokenKind.Identifier && token.kind !== TokenKind.QuotedIdentifier) throw this.error(expected);
    this.at++;
    return token.text;
  }

  private peek(ahead = 0): Token {
    return this.tokens[this.at + ahead] ?? this.tokens[this.tokens.length - 1];
  }

  private next(): Token {
    return this.tokens[this.at++];
  }

  private position(): Position {
    const token = this.peek();
    return { line: token.line, column: token.column };
  }

  private isKeyword(word: string): boolean {
    const token = this.peek();
    return token.kind === TokenKind.Keyword && token.text === word;
  }

  private acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.at++;
    return true;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.error(word);
  }

  /** A word that is not reserved (EXPLAIN, TABLE, INDEX, ASC, …), matched case-insensitively. */
  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === TokenKind.Identifier && token.text.toUpperCase() === word;
  }

  private acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.at++;
    return true;
  }

  private expectWord(word: string, expected: string): void {
    if (!this.acceptWord(word)) throw this.error(expected);
  }

  private isSymbol(symbol: string): boolean {
    const token = this.peek();
    return token.kind === TokenKind.Symbol && token.text === symbol;
  }

  private acceptSymbol(symbol: string): boolean {
    if (!this.isSymbol(symbol)) return false;
    this.at++;
    return true;
  }

  private expectSymbol(symbol: string): void {
    if (!this.acceptSymbol(symbol)) throw this.error(`'${symbol}'`);
  }

  private expectEnd(): void {
    if (this.peek().kind !== TokenKind.End) throw this.error('the end of the statement');
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.error(`at most ${MAX_DEPTH} levels of nesting`);
  }

  private leave(): void {
    this.depth--;
  }

  private error(expected: string): PartiqlSyntaxError {
    return this.errorAt(this.peek(), expected, describeToken(this.peek()));
  }

  private errorAt(at: Position, expected: string, found: string): PartiqlSyntaxError {
    return new PartiqlSyntaxError(at.line, at.column, expected, found);
  }
}

function infixOperator(token: Token): Infix | undefined {
  return token.kind === TokenKind.Symbol || token.kind === TokenKind.Keyword ? INFIX.get(token.text) : undefined;
}

function numberLiteral(token: Token): IonValue {
  if (token.kind === TokenKind.Integer) {
    const value = BigInt(token.text);
    return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
  }
  if (token.kind === TokenKind.Decimal) return new Decimal(token.text);
  const value = Number(token.text);
  return Number.isInteger(value) ? new IonFloat(value) : value;
}
