// Fills the engine's statement port with PartiQL: loaded by partiql/index.ts, so whatever loads
// PartiQL (the package's entry points) gives every ledger its statements.
import type { Transaction } from '../engine';
import { installStatementRunner } from '../engine/internal';
import { executeStatement, iterateStatement } from './statement-executor';

installStatementRunner<Transaction>({ execute: executeStatement, iterate: iterateStatement });
