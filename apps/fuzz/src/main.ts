// `npm run fuzz -- [--count 1000000] [--seed 1] [--budget-ms 5000]`: runs generated and damaged
// PartiQL statements against a real SQLite ledger holding the vehicle-registration sample (four
// tables, their indexes and documents), each batch in a transaction that is then aborted, and
// prints how many statements ran, how many gave a value, a typed error (by code) or an untyped one
// (each distinct untyped error with its statement), and how many ran over their budget (the
// ledger's transactionMs, plus a second of slack for the checks). Exits 1 unless there were no
// untyped errors and no statement over its budget, and the ledger still verifies unchanged.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ledger } from '../../../libs/ledger/src/engine/ledger';
import { describeFailures, runFuzz, type FuzzReport } from '../../../libs/ledger/src/partiql/partiql-fuzz-runner.fixture';
import { vehicleRegistrationLedger } from '../../../libs/ledger/src/partiql/vehicle-registration.fixture';

interface Arguments {
  count: number;
  seed: number;
  budgetMs: number;
}

const SLACK_MS = 1_000;
const PROGRESS_EVERY = 10_000;

function parseArguments(argv: string[]): Arguments {
  const values: Arguments = { count: 1_000_000, seed: 1, budgetMs: 5_000 };
  const names: Record<string, keyof Arguments> = { '--count': 'count', '--seed': 'seed', '--budget-ms': 'budgetMs' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = Object.prototype.hasOwnProperty.call(names, argv[i]) ? names[argv[i]] : undefined;
    const value = Number(argv[i + 1]);
    if (!name || !Number.isSafeInteger(value) || value < 0) throw new Error(`usage: npm run fuzz -- [--count N] [--seed N] [--budget-ms N] (not ${argv.slice(i, i + 2).join(' ')})`);
    values[name] = value;
  }
  return values;
}

function summary(report: FuzzReport, started: number): string {
  const typed = [...report.typed].sort(([a], [b]) => a.localeCompare(b)).map(([code, n]) => `${code} ${n}`).join(', ');
  const seconds = (Date.now() - started) / 1000;
  return (
    `${report.statements} statements in ${seconds.toFixed(0)} s: ${report.ok} ok, ${report.statements - report.ok - report.untyped} typed errors (${typed}), ` +
    `${report.untyped} untyped errors (${report.untypedSamples.size} distinct), ${report.overBudget.length} over budget, slowest ${report.slowestMs} ms`
  );
}

async function main(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  // Errors are most of what fuzzing makes; short stack traces keep them cheap.
  Error.stackTraceLimit = 10;
  const directory = mkdtempSync(join(tmpdir(), 'ledger-fuzz-'));
  const ledger = await Ledger.open({ name: 'fuzz', storage: { type: 'sqlite', database: join(directory, 'fuzz.db') }, limits: { transactionMs: args.budgetMs } });
  try {
    await vehicleRegistrationLedger(ledger);
    const before = await ledger.getDigest();
    const started = Date.now();
    console.log(`fuzz: ${args.count} statements, seed ${args.seed}, budget ${args.budgetMs} ms (+${SLACK_MS} ms slack), ledger ${directory}`);
    let next = PROGRESS_EVERY;
    const printed = new Set<string>();
    const report = await runFuzz(ledger, {
      count: args.count,
      seed: args.seed,
      budgetMs: args.budgetMs + SLACK_MS,
      onBatch: (progress) => {
        for (const failure of describeFailures(progress).filter((text) => !printed.has(text))) {
          printed.add(failure);
          console.log(`\n${failure}\n`);
        }
        if (progress.statements < next) return;
        next += PROGRESS_EVERY;
        console.log(summary(progress, started));
      },
    });
    const unchanged = Buffer.from((await ledger.getDigest()).digest).equals(Buffer.from(before.digest));
    const valid = (await ledger.verify()).valid;
    console.log(`\nfinal: ${summary(report, started)}; digest unchanged: ${unchanged}; verify: ${valid ? 'valid' : 'INVALID'}`);
    process.exitCode = report.untyped === 0 && report.overBudget.length === 0 && unchanged && valid ? 0 : 1;
  } finally {
    await ledger.close();
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
