// PartiQL over the ledger: run statements with tx.executeStatement / tx.iterateStatement inside
// ledger.execute, or ledger.query / ledger.queryIterator; parse them with parsePartiql. Loading this
// folder fills the engine's statement port with PartiQL.
import './install';
export * from './errors';
export { parsePartiql } from './partiql-parser';
export type * as PartiqlAst from './ast.types';
