// CREATE TABLE, DROP TABLE, UNDROP TABLE, CREATE INDEX and DROP INDEX, each recorded verbatim as
// its block's statement (once the change is accepted) and returning the ids it touched ({ tableId }, and { indexId } for indexes).
import type { IonStructObject } from '../ion';
import type { CreateIndexStatement, CreateTableStatement, DropIndexStatement, DropTableStatement, UndropTableStatement } from './ast.types';
import type { RuntimeContext } from './scope';
import { lazyStatement } from './statement-record';

export type DdlStatement = CreateTableStatement | DropTableStatement | UndropTableStatement | CreateIndexStatement | DropIndexStatement;

export function executeDdl(statement: DdlStatement, text: string, context: RuntimeContext): IonStructObject[] {
  const tx = context.transaction;
  const options = { statement: lazyStatement(context, text) };
  switch (statement.kind) {
    case 'createTable':
      return [{ tableId: tx.createTable(statement.table.name, options) }];
    case 'dropTable': {
      const { tableId } = tx.tableDefinition(statement.table.name);
      tx.dropTable(statement.table.name, options);
      return [{ tableId }];
    }
    case 'undropTable':
      tx.undropTable(statement.tableId, options);
      return [{ tableId: statement.tableId }];
    case 'createIndex': {
      const { tableId } = tx.tableDefinition(statement.table.name);
      return [{ tableId, indexId: tx.createIndex(statement.table.name, statement.path, options) }];
    }
    case 'dropIndex': {
      const { tableId } = tx.tableDefinition(statement.table.name);
      tx.dropIndex(statement.table.name, statement.indexId, options);
      return [{ tableId, indexId: statement.indexId }];
    }
  }
}
