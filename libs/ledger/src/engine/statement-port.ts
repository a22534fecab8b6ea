// The engine's port for a statement language. The engine declares what running a statement inside
// a transaction takes and keeps one slot for it; PartiQL (partiql/) implements the port and installs
// itself when loaded, so the engine never imports PartiQL: the lower layer declares the hook, the
// upper one fills it. Every entry point that hands out a ledger loads PartiQL.
import type { IonValue } from '../ion';
import { StatementLanguageMissingError } from './errors/statement-language-missing.error';

export interface StatementOptions {
  /** Refuse statements that change anything (for iterators outside a retried transaction). */
  queriesOnly?: boolean;
}

/** Runs statements in a transaction of type `Tx` (the engine's Transaction). */
export interface StatementRunner<Tx> {
  /** All values of `statement`. */
  execute(tx: Tx, statement: string, parameters: IonValue[]): Promise<IonValue[]>;
  /** The values of `statement`, produced as they are computed. */
  iterate(tx: Tx, statement: string, parameters: IonValue[], options: StatementOptions): AsyncGenerator<IonValue>;
}

let installed: StatementRunner<never> | undefined;

/** Fills the port; the statement language calls it once when loaded. */
export function installStatementRunner<Tx>(runner: StatementRunner<Tx>): void {
  installed = runner as StatementRunner<never>;
}

/** The installed runner; throws StatementLanguageMissingError when none is. */
export function statementRunner<Tx>(): StatementRunner<Tx> {
  if (installed === undefined) throw new StatementLanguageMissingError();
  return installed as StatementRunner<Tx>;
}
