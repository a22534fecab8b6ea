// The `query` a projection's handlers and hooks get: the ledger's SQL, each parameter bound as the SQL
// value of the Ion value it is (ion-js values and the ledger's Ion classes included).
import { toSqlParameter } from '../ion';
import type { SqlQuery } from '../storage';

export function projectionQuery(query: SqlQuery): SqlQuery {
  return (sql, parameters, name) => query(sql, parameters?.map(toSqlParameter), name);
}
