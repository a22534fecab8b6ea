// The PartiQL abstract syntax tree: what the parser produces and the planner and evaluator read.
// Every node records where it starts in the statement, for errors.
import type { IonValue } from '../ion';

export interface Position {
  line: number;
  column: number;
}

// --- expressions ---------------------------------------------------------------------------------

export type Expr =
  | LiteralExpr
  | MissingExpr
  | ParameterExpr
  | NameExpr
  | PathExpr
  | UnaryExpr
  | BinaryExpr
  | IsExpr
  | InExpr
  | BetweenExpr
  | LikeExpr
  | CallExpr
  | CastExpr
  | CaseExpr
  | StructExpr
  | ListExpr
  | SubqueryExpr;

export interface LiteralExpr {
  kind: 'literal';
  value: IonValue;
  position: Position;
}

export interface MissingExpr {
  kind: 'missing';
  position: Position;
}

export interface ParameterExpr {
  kind: 'parameter';
  /** 0-based, in order of appearance. */
  index: number;
  position: Position;
}

/** A name: a FROM alias, a table, or (implicitly) a field of the FROM sources. */
export interface NameExpr {
  kind: 'name';
  name: string;
  quoted: boolean;
  /** Written `@name`: a variable, never a table. */
  variable: boolean;
  position: Position;
}

export type PathStep =
  | { kind: 'field'; name: string; position: Position }
  | { kind: 'index'; index: Expr; position: Position }
  /** `[*]`: every element of a list. */
  | { kind: 'allElements'; position: Position }
  /** `.*`: every field value of a struct. */
  | { kind: 'allFields'; position: Position };

export interface PathExpr {
  kind: 'path';
  root: Expr;
  steps: PathStep[];
  position: Position;
}

export interface UnaryExpr {
  kind: 'unary';
  operator: '-' | '+' | 'NOT';
  operand: Expr;
  position: Position;
}

export type BinaryOperator = 'OR' | 'AND' | '=' | '<>' | '<' | '<=' | '>' | '>=' | '||' | '+' | '-' | '*' | '/' | '%';

export interface BinaryExpr {
  kind: 'binary';
  operator: BinaryOperator;
  left: Expr;
  right: Expr;
  position: Position;
}

export interface IsExpr {
  kind: 'is';
  operand: Expr;
  test: 'NULL' | 'MISSING';
  negated: boolean;
  position: Position;
}

export interface InExpr {
  kind: 'in';
  operand: Expr;
  /** `IN (a, b, …)` lists its items; `IN expr` (a parameter, a list, a subquery) holds one collection. */
  items: Expr[] | Expr;
  negated: boolean;
  position: Position;
}

export interface BetweenExpr {
  kind: 'between';
  operand: Expr;
  low: Expr;
  high: Expr;
  negated: boolean;
  position: Position;
}

export interface LikeExpr {
  kind: 'like';
  operand: Expr;
  pattern: Expr;
  escape?: Expr;
  negated: boolean;
  position: Position;
}

/** A function call; special forms arrive normalized (SUBSTRING(s FROM a FOR b) as SUBSTRING(s, a, b), …). */
export interface CallExpr {
  kind: 'call';
  /** Upper-cased. */
  name: string;
  args: Expr[];
  /** COUNT(*). */
  star: boolean;
  /** An aggregate over distinct values: COUNT(DISTINCT x). */
  distinct: boolean;
  position: Position;
}

export interface CastExpr {
  kind: 'cast';
  operand: Expr;
  /** Upper-cased type name: INT, DECIMAL, STRING, … */
  type: string;
  position: Position;
}

export interface CaseExpr {
  kind: 'case';
  /** CASE x WHEN … compares x; plain CASE WHEN tests conditions. */
  operand?: Expr;
  whens: Array<{ when: Expr; then: Expr }>;
  otherwise?: Expr;
  position: Position;
}

export interface StructExpr {
  kind: 'struct';
  fields: Array<{ key: Expr; value: Expr }>;
  position: Position;
}

export interface ListExpr {
  kind: 'list';
  /** `[…]` is a list, `<<…>>` a bag. */
  bag: boolean;
  items: Expr[];
  position: Position;
}

export interface SubqueryExpr {
  kind: 'subquery';
  query: SelectQuery;
  position: Position;
}

// --- queries ---------------------------------------------------------------------------------------

export interface FromSource {
  expr: Expr;
  alias?: string;
  atAlias?: string;
  byAlias?: string;
  /** How it joins the sources before it: the first one is 'first'; a comma is a cross join. */
  join: 'first' | 'cross' | 'inner' | 'left';
  on?: Expr;
  position: Position;
}

export type Projection =
  | { kind: 'value'; expr: Expr }
  | { kind: 'star' }
  | { kind: 'items'; items: ProjectionItem[] };

export type ProjectionItem =
  | { kind: 'expr'; expr: Expr; alias?: string; position: Position }
  /** `x.*`: every field of x. */
  | { kind: 'allFields'; expr: Expr; position: Position };

export interface OrderItem {
  expr: Expr;
  descending: boolean;
  /** Unset: NULLS LAST ascending, NULLS FIRST descending. */
  nullsFirst?: boolean;
}

export interface SelectQuery {
  kind: 'select';
  distinct: boolean;
  projection: Projection;
  from: FromSource[];
  where?: Expr;
  groupBy?: Array<{ expr: Expr; alias?: string }>;
  having?: Expr;
  orderBy?: OrderItem[];
  limit?: Expr;
  offset?: Expr;
  position: Position;
}

// --- statements ----------------------------------------------------------------------------------

export interface TableName {
  name: string;
  position: Position;
}

export interface InsertStatement {
  kind: 'insert';
  table: TableName;
  /** `VALUE v` inserts v; otherwise the expression is a collection (a bag, a list, a parameter). */
  single: boolean;
  value: Expr;
  position: Position;
}

export type DmlOperation =
  | { kind: 'set'; target: Expr; value: Expr; position: Position }
  | { kind: 'remove'; target: Expr; position: Position }
  | { kind: 'insertInto'; target: Expr; value: Expr; at?: Expr; position: Position };

/** UPDATE … SET/REMOVE/INSERT INTO, and QLDB's FROM … WHERE … SET/REMOVE/INSERT INTO. */
export interface UpdateStatement {
  kind: 'update';
  source: FromSource;
  operations: DmlOperation[];
  where?: Expr;
  position: Position;
}

export interface DeleteStatement {
  kind: 'delete';
  source: FromSource;
  where?: Expr;
  position: Position;
}

export interface CreateTableStatement {
  kind: 'createTable';
  table: TableName;
  position: Position;
}

export interface DropTableStatement {
  kind: 'dropTable';
  table: TableName;
  position: Position;
}

export interface UndropTableStatement {
  kind: 'undropTable';
  tableId: string;
  position: Position;
}

export interface CreateIndexStatement {
  kind: 'createIndex';
  table: TableName;
  path: string[];
  position: Position;
}

export interface DropIndexStatement {
  kind: 'dropIndex';
  indexId: string;
  table: TableName;
  position: Position;
}

/** EXEC <procedure> arg, …: stored procedures (QLDB's REDACT_REVISION, our REDACT_EVENT). */
export interface ExecStatement {
  kind: 'exec';
  procedure: string;
  args: Expr[];
  position: Position;
}

export interface ExplainStatement {
  kind: 'explain';
  statement: Exclude<Statement, ExplainStatement>;
  position: Position;
}

export type Statement =
  | SelectQuery
  | InsertStatement
  | UpdateStatement
  | DeleteStatement
  | CreateTableStatement
  | DropTableStatement
  | UndropTableStatement
  | CreateIndexStatement
  | DropIndexStatement
  | ExecStatement
  | ExplainStatement;

/** A parsed statement and how many `?` parameters it takes. */
export interface ParsedStatement {
  statement: Statement;
  parameterCount: number;
}
