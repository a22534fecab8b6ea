// Test fixture: runs generated (and damaged) PartiQL statements with random parameters against a
// ledger, a batch per transaction that is then aborted, and counts how each statement ended: a
// value, a typed error (by code), an untyped error (each distinct one kept with a statement that
// raised it), or a run over its budget. The fuzz spec runs a short version; `npm run fuzz` a long one.
import type { Ledger } from '../engine/ledger';
import { LedgerError } from '../errors';
import type { IonValue } from '../ion';
import { seededRandom, StatementGenerator } from './partiql-fuzz.fixture';

export interface FuzzOptions {
  count: number;
  seed: number;
  /** A statement running longer than this is over its budget (the ledger's transactionMs, plus the slack between two checks). */
  budgetMs: number;
  /** Statements per (aborted) transaction. */
  perTransaction?: number;
  /** Called after every batch. */
  onBatch?(report: FuzzReport): void;
}

export interface FuzzReport {
  statements: number;
  ok: number;
  /** Typed errors by code. */
  typed: Map<string, number>;
  untyped: number;
  /** Each distinct untyped error (by name and message), with the first statement that raised it. */
  untypedSamples: Map<string, { statement: string; error: unknown }>;
  overBudget: Array<{ statement: string; ms: number }>;
  /** The longest a statement took, in ms. */
  slowestMs: number;
}

const ABORT = new Error('abort the fuzz transaction');

/** Runs `options.count` generated statements on `ledger`, changing nothing; returns what they ended with. */
export async function runFuzz(ledger: Ledger, options: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = { statements: 0, ok: 0, typed: new Map(), untyped: 0, untypedSamples: new Map(), overBudget: [], slowestMs: 0 };
  const generator = new StatementGenerator(seededRandom(options.seed));
  const perTransaction = options.perTransaction ?? 25;
  for (let done = 0; done < options.count; ) {
    const batch: Array<[string, IonValue[]]> = [];
    for (; batch.length < perTransaction && done < options.count; done++) {
      const generated = generator.statement();
      const statement = done % 2 === 0 ? generated : generator.mutate(generated);
      batch.push([statement, generator.parameters(statement)]);
    }
    await runBatch(ledger, batch, report, options.budgetMs);
    options.onBatch?.(report);
  }
  return report;
}

async function runBatch(ledger: Ledger, batch: Array<[string, IonValue[]]>, report: FuzzReport, budgetMs: number): Promise<void> {
  await ledger
    .execute(async (tx) => {
      for (const [statement, parameters] of batch) {
        const started = Date.now();
        let error: unknown;
        try {
          await tx.executeStatement(statement, ...parameters);
        } catch (caught) {
          error = caught ?? new Error(`thrown: ${String(caught)}`);
        }
        record(report, statement, error, Date.now() - started, budgetMs);
      }
      throw ABORT;
    })
    .catch((error: unknown) => {
      if (error !== ABORT && !(error instanceof LedgerError)) noteUntyped(report, '(the transaction)', error);
    });
}

function record(report: FuzzReport, statement: string, error: unknown, ms: number, budgetMs: number): void {
  report.statements++;
  report.slowestMs = Math.max(report.slowestMs, ms);
  if (ms > budgetMs) report.overBudget.push({ statement, ms });
  if (error === undefined) report.ok++;
  else if (error instanceof LedgerError) report.typed.set(error.code, (report.typed.get(error.code) ?? 0) + 1);
  else noteUntyped(report, statement, error);
}

function noteUntyped(report: FuzzReport, statement: string, error: unknown): void {
  report.untyped++;
  const key = error instanceof Error ? `${error.name}: ${error.message.slice(0, 200)}` : String(error);
  if (!report.untypedSamples.has(key)) report.untypedSamples.set(key, { statement, error });
}

/** Each distinct untyped error with its statement and stack, and each statement over budget, for a failure message or a log. */
export function describeFailures(report: FuzzReport): string[] {
  return [
    ...[...report.untypedSamples.values()].map(({ statement, error }) => `${shorten(statement)}\n  → ${error instanceof Error ? error.stack : String(error)}`),
    ...report.overBudget.map(({ statement, ms }) => `${shorten(statement)}\n  → took ${ms} ms`),
  ];
}

function shorten(statement: string): string {
  return statement.length > 2_000 ? `${statement.slice(0, 2_000)}… (${statement.length} characters)` : statement;
}
