// Fuzzing: 50,000 generated and damaged statements with random parameters (the short version of
// `npm run fuzz`). Whatever they say, only the ledger's typed errors come out (never a TypeError,
// RangeError or hang), no statement runs past its transaction's time budget, statements run in
// transactions that are then aborted change nothing, queries committed on their own change
// nothing, and the ledger still verifies.
import type { Ledger } from '../engine/ledger';
import { openTestLedger, removeTempLedgers } from '../engine/test-ledger.fixture';
import { LedgerError } from '../errors';
import { seededRandom, StatementGenerator } from './partiql-fuzz.fixture';
import { describeFailures, runFuzz } from './partiql-fuzz-runner.fixture';
import { vehicleRegistrationLedger } from './vehicle-registration.fixture';

const STATEMENTS = 50_000;
const QUERIES = 2_000;
const TRANSACTION_MS = 5_000;
/** How long past its budget a statement may run before a check stops it. */
const SLACK_MS = 1_000;

interface Failure {
  statement: string;
  error: unknown;
}

// Errors are most of what fuzzing makes; jest raises the stack trace limit to 100 frames, which
// makes each one costly to build. The statements do not need long traces.
Error.stackTraceLimit = 10;

describe('PartiQL fuzz', () => {
  let ledger: Ledger;
  const failures: Failure[] = [];

  beforeAll(async () => (ledger = (await vehicleRegistrationLedger(await openTestLedger(undefined, { limits: { transactionMs: TRANSACTION_MS } }))).ledger));
  afterAll(async () => {
    await ledger.close();
    await removeTempLedgers();
  });

  /** Notes an error that is not a LedgerError as a failure. */
  function record(statement: string, error: unknown): void {
    if (error !== undefined && !(error instanceof LedgerError) && failures.length < 20) failures.push({ statement, error });
  }

  it(`raises only typed errors for ${STATEMENTS.toLocaleString('en-US')} statements, none over its budget, and changes nothing it aborts`, async () => {
    const before = await ledger.getDigest();
    const report = await runFuzz(ledger, { count: STATEMENTS, seed: 20_240_611, budgetMs: TRANSACTION_MS + SLACK_MS });
    expect(describeFailures(report)).toEqual([]);
    expect([report.untyped, report.overBudget.length]).toEqual([0, 0]);
    expect(await ledger.getDigest()).toEqual(before);
    expect(report.statements).toBe(STATEMENTS);
    expect(report.ok).toBeGreaterThan(STATEMENTS / 20);
    expect(report.typed.get('PARTIQL_SYNTAX')).toBeGreaterThan(STATEMENTS / 10);
  });

  it(`commits ${QUERIES.toLocaleString('en-US')} generated queries without moving the digest`, async () => {
    const before = await ledger.getDigest();
    const generator = new StatementGenerator(seededRandom(7));
    for (let i = 0; i < QUERIES; i++) {
      const statement = generator.select(2);
      const parameters = generator.parameters(statement);
      try {
        if (i % 2 === 0) await ledger.query(statement, ...parameters);
        else for await (const value of ledger.queryIterator(statement, ...parameters)) void value;
        record(statement, undefined);
      } catch (error) {
        record(statement, error);
      }
    }
    expect(failures.map(({ statement, error }) => `${statement}\n  → ${error instanceof Error ? error.stack : String(error)}`)).toEqual([]);
    expect(await ledger.getDigest()).toEqual(before);
    expect((await ledger.verify()).valid).toBe(true);
  });
});
