// Fuzzing: 100,000 generated and damaged statements with random parameters. Whatever they say,
// only the ledger's typed errors come out (never a TypeError, RangeError or hang), statements run
// in transactions that are then aborted change nothing, queries committed on their own change
// nothing, and the ledger still verifies.
import type { Ledger } from '../engine/ledger';
import { removeTempLedgers } from '../engine/test-ledger.fixture';
import { LedgerError } from '../errors';
import type { IonValue } from '../ion';
import { seededRandom, StatementGenerator } from './partiql-fuzz.fixture';
import { vehicleRegistrationLedger } from './vehicle-registration.fixture';

const STATEMENTS = 100_000;
const PER_TRANSACTION = 25;
const QUERIES = 2_000;

const ABORT = new Error('abort the fuzz transaction');

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
  const outcomes = new Map<string, number>();

  beforeAll(async () => (ledger = (await vehicleRegistrationLedger()).ledger));
  afterAll(async () => {
    await ledger.close();
    await removeTempLedgers();
  });

  /** Notes what a statement ended with; anything but a LedgerError is a failure. */
  function record(statement: string, error: unknown): void {
    const name = error === undefined ? 'ok' : error instanceof LedgerError ? error.code : 'UNTYPED';
    outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
    if (error !== undefined && !(error instanceof LedgerError) && failures.length < 20) failures.push({ statement, error });
  }

  async function run(statements: Array<[string, IonValue[]]>): Promise<void> {
    await ledger
      .execute(async (tx) => {
        for (const [statement, parameters] of statements) {
          const started = Date.now();
          try {
            await tx.executeStatement(statement, ...parameters);
            record(statement, undefined);
          } catch (error) {
            record(statement, error);
          }
          if (Date.now() - started > 2_000) failures.push({ statement, error: new Error(`took ${Date.now() - started} ms`) });
        }
        throw ABORT;
      })
      .catch((error) => {
        if (error !== ABORT) record('(the transaction)', error);
      });
  }

  it(`raises only typed errors for ${STATEMENTS.toLocaleString('en-US')} statements, and changes nothing it aborts`, async () => {
    const before = await ledger.getDigest();
    const generator = new StatementGenerator(seededRandom(20_240_611));
    let batch: Array<[string, IonValue[]]> = [];
    for (let i = 0; i < STATEMENTS; i++) {
      const generated = generator.statement();
      const statement = i % 2 === 0 ? generated : generator.mutate(generated);
      batch.push([statement, generator.parameters(statement)]);
      if (batch.length === PER_TRANSACTION) {
        await run(batch);
        batch = [];
      }
    }
    await run(batch);
    expect(failures.map(({ statement, error }) => `${statement}\n  → ${error instanceof Error ? error.stack : String(error)}`)).toEqual([]);
    expect(await ledger.getDigest()).toEqual(before);
    const total = [...outcomes.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(STATEMENTS);
    expect(outcomes.get('ok')).toBeGreaterThan(STATEMENTS / 20);
    expect(outcomes.get('PARTIQL_SYNTAX')).toBeGreaterThan(STATEMENTS / 10);
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
