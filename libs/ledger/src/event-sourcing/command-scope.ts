// Which command the running code belongs to: the unit of work it runs in, and the index of its
// command among that unit's statements (0: the command the unit was opened for; 1..: commands run
// from inside its handler, which join it, in the order they started). Kept in AsyncLocalStorage so
// repositories and aggregates find it without being handed it.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface CommandScope<U> {
  unit: U;
  statement: number;
}

const scopes = new AsyncLocalStorage<CommandScope<unknown>>();

/** The scope of the command this code runs in, if any. */
export function currentScope<U>(): CommandScope<U> | undefined {
  return scopes.getStore() as CommandScope<U> | undefined;
}

/** Runs `work` in `scope`. */
export function inScope<U, T>(scope: CommandScope<U>, work: () => Promise<T>): Promise<T> {
  return scopes.run(scope, work);
}

/** The statement index of the command this code runs in (0 outside any command). */
export function currentStatement(): number {
  return scopes.getStore()?.statement ?? 0;
}
