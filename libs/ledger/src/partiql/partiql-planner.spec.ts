// The planner: EXPLAIN names the lookup each source gets, the transaction's reads show the lookup
// is the one made (no scan behind an index plan), index plans return exactly what a scan returns,
// and reads through PartiQL take part in optimistic concurrency.
import { OccConflictError } from '../engine/errors';
import { removeTempLedgers } from '../engine/test-ledger.fixture';
import { Transaction } from '../engine/transaction';
import { Decimal, type IonValue } from '../ion';
import { canonical } from './partiql-cases.fixture';
import { vehicleRegistrationLedger, type VehicleRegistrationSample } from './vehicle-registration.fixture';

const AUDI = '1N4AL11D75C109151';
const RAUL = 'LEWISR261LL';

describe('planner', () => {
  let sample: VehicleRegistrationSample;
  beforeAll(async () => {
    sample = await vehicleRegistrationLedger();
    await sample.ledger.query('CREATE INDEX ON Vehicle (Year)');
    await sample.ledger.query('CREATE INDEX ON VehicleRegistration (Owners.PrimaryOwner.PersonId)');
    await sample.ledger.query('CREATE INDEX ON VehicleRegistration (PendingPenaltyTicketAmount)');
  });
  afterAll(async () => {
    await sample.ledger.close();
    await removeTempLedgers();
  });
  afterEach(() => jest.restoreAllMocks());

  const explain = (statement: string, ...parameters: IonValue[]) => sample.ledger.query(`EXPLAIN ${statement}`, ...parameters);

  /** How many times each read of the transaction ran for `statement`. */
  async function reads(statement: string, ...parameters: IonValue[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const name of ['scanPages', 'findInRange', 'get', 'scan', 'committedRevisions', 'history'] as const) {
      const original = Transaction.prototype[name] as (...args: unknown[]) => unknown;
      jest.spyOn(Transaction.prototype, name).mockImplementation(function (this: Transaction, ...args: unknown[]) {
        counts[name] = (counts[name] ?? 0) + 1;
        return original.apply(this, args);
      } as never);
    }
    await sample.ledger.query(statement, ...parameters);
    jest.restoreAllMocks();
    return counts;
  }

  it.each<[string, IonValue[], object[]]>([
    ['SELECT * FROM Vehicle WHERE VIN = ?', [AUDI], [{ source: 'Vehicle', alias: 'Vehicle', access: 'index', index: 'VIN', lookup: 'equal' }]],
    ["SELECT * FROM Vehicle AS v WHERE ? = v.VIN AND v.Color = 'Silver'", [AUDI], [{ source: 'Vehicle', alias: 'v', access: 'index', index: 'VIN', lookup: 'equal' }]],
    ['SELECT * FROM Vehicle AS v WHERE v.VIN IN (?, ?)', [AUDI, 'x'], [{ source: 'Vehicle', alias: 'v', access: 'index', index: 'VIN', lookup: 'in' }]],
    ['SELECT * FROM Vehicle AS v WHERE v.VIN IN ?', [[AUDI]], [{ source: 'Vehicle', alias: 'v', access: 'index', index: 'VIN', lookup: 'in' }]],
    ['SELECT * FROM Vehicle AS v WHERE v.Year > 2011', [], [{ source: 'Vehicle', alias: 'v', access: 'index', index: 'Year', lookup: 'range' }]],
    ['SELECT * FROM Vehicle AS v WHERE v.Year BETWEEN ? AND ?', [2010, 2016], [{ source: 'Vehicle', alias: 'v', access: 'index', index: 'Year', lookup: 'range' }]],
    ['SELECT * FROM Vehicle AS v WHERE v.Color = ?', ['Blue'], [{ source: 'Vehicle', alias: 'v', access: 'scan' }]],
    ['SELECT * FROM Vehicle AS v WHERE v.VIN LIKE ?', ['1N%'], [{ source: 'Vehicle', alias: 'v', access: 'scan' }]],
    ['SELECT * FROM Vehicle AS v WHERE v.VIN = ? OR v.Year = 2019', [AUDI], [{ source: 'Vehicle', alias: 'v', access: 'scan' }]],
    ['SELECT * FROM Vehicle AS v BY vid WHERE vid = ?', ['x'], [{ source: 'Vehicle', alias: 'v', access: 'documentId', documentId: true }]],
    ['SELECT * FROM Vehicle AS v BY vid WHERE vid = ? AND v.VIN = ?', ['x', AUDI], [{ source: 'Vehicle', alias: 'v', access: 'documentId', documentId: true }]],
    ['SELECT * FROM _ql_committed_Vehicle AS c WHERE c.metadata.id = ?', ['x'], [{ source: '_ql_committed_Vehicle', alias: 'c', access: 'documentId', documentId: true }]],
    ['SELECT * FROM _ql_committed_Vehicle AS c WHERE c.data.VIN = ?', [AUDI], [{ source: '_ql_committed_Vehicle', alias: 'c', access: 'scan' }]],
    ['SELECT * FROM history(Vehicle) AS h WHERE h.metadata.id = ?', ['x'], [{ source: 'history(Vehicle)', access: 'history', documentId: true, alias: 'h' }]],
    ['SELECT * FROM information_schema.user_tables', [], [{ source: 'information_schema.user_tables', alias: 'user_tables', access: 'scan' }]],
    [
      'SELECT * FROM VehicleRegistration AS r, Vehicle AS v WHERE v.VIN = r.VIN',
      [],
      [
        { source: 'VehicleRegistration', alias: 'r', access: 'scan' },
        { source: 'Vehicle', alias: 'v', access: 'index', index: 'VIN', lookup: 'equal' },
      ],
    ],
    [
      'SELECT * FROM Person AS p BY pid JOIN VehicleRegistration AS r ON r.Owners.PrimaryOwner.PersonId = pid WHERE p.GovId = ?',
      [RAUL],
      [
        { source: 'Person', alias: 'p', access: 'index', index: 'GovId', lookup: 'equal' },
        { source: 'VehicleRegistration', alias: 'r', access: 'index', index: 'Owners.PrimaryOwner.PersonId', lookup: 'equal' },
      ],
    ],
    ['UPDATE Vehicle AS v SET v.Color = ? WHERE v.VIN = ?', ['Red', AUDI], [{ operation: 'UPDATE', source: 'Vehicle', alias: 'v', access: 'index', index: 'VIN', lookup: 'equal' }]],
    ['DELETE FROM Vehicle BY vid WHERE vid = ?', ['x'], [{ operation: 'DELETE', source: 'Vehicle', alias: 'Vehicle', access: 'documentId', documentId: true }]],
    ["INSERT INTO Vehicle VALUE {'VIN': 'x'}", [], [{ operation: 'INSERT', table: 'Vehicle' }]],
  ])('EXPLAIN %s', async (statement, parameters, plan) => {
    expect(await explain(statement, ...parameters)).toEqual(plan);
  });

  it('explains without running: EXPLAIN of DML changes nothing', async () => {
    const before = await sample.ledger.getDigest();
    await explain("UPDATE Vehicle AS v SET v.Color = 'Red' WHERE v.VIN = ?", AUDI);
    expect(await sample.ledger.getDigest()).toEqual(before);
  });

  it('reads through the index it plans, never scanning the table', async () => {
    expect(await reads('SELECT * FROM Vehicle WHERE VIN = ?', AUDI)).toEqual({ findInRange: 1 });
    expect(await reads('SELECT * FROM Vehicle AS v WHERE v.VIN IN (?, ?, ?)', AUDI, 'a', 'b')).toEqual({ findInRange: 3 });
    expect(await reads('SELECT * FROM Vehicle AS v WHERE v.Year >= 2015')).toEqual({ findInRange: 1 });
    expect(await reads('SELECT * FROM Vehicle AS v BY vid WHERE vid = ?', sample.vehicleIds[AUDI])).toEqual({ get: 1 });
    expect(await reads('SELECT * FROM Vehicle AS v WHERE v.Color = ?', 'Blue')).toEqual({ scanPages: 1 });
    expect(await reads('SELECT * FROM _ql_committed_Person AS c WHERE c.metadata.id = ?', sample.personIds[RAUL])).toEqual({ committedRevisions: 1 });
  });

  it('joins through an index: one lookup per outer row, the outer table scanned once', async () => {
    const counts = await reads('SELECT v.Make, r.City FROM VehicleRegistration AS r, Vehicle AS v WHERE v.VIN = r.VIN');
    expect(counts).toEqual({ scanPages: 1, findInRange: 5 });
  });

  it('reads an unindexed inner table once, not once per outer row', async () => {
    const counts = await reads('SELECT v.Make, p.FirstName FROM Vehicle AS v, Person AS p WHERE p.LastName = v.Make');
    expect(counts).toEqual({ scanPages: 2 });
  });

  it('falls back to a scan when the value looked up has no order (a struct)', async () => {
    expect(await reads("SELECT * FROM Vehicle AS v WHERE v.VIN = {'a': 1}")).toEqual({ scanPages: 1 });
  });

  it('returns through an index exactly what a scan returns, across numeric types and ranges', async () => {
    const predicates: Array<[string, IonValue[]]> = [
      ['x.PendingPenaltyTicketAmount = ?', [new Decimal('90.250')]],
      ['x.PendingPenaltyTicketAmount = ?', [90.25]],
      ['x.PendingPenaltyTicketAmount > ?', [42.2]],
      ['x.PendingPenaltyTicketAmount >= ? AND x.PendingPenaltyTicketAmount < ?', [42.2, 130.75]],
      ['x.PendingPenaltyTicketAmount BETWEEN ? AND ?', [30, 100]],
      ['x.PendingPenaltyTicketAmount < ?', ['text']],
      ['x.PendingPenaltyTicketAmount > ? AND x.PendingPenaltyTicketAmount < ?', [100, 50]],
      ['x.PendingPenaltyTicketAmount IN (?, ?)', [30.45, new Decimal('442.3')]],
      ['x.PendingPenaltyTicketAmount = ?', [null]],
      ['x.PendingPenaltyTicketAmount < ?', [new Date(0)]],
    ];
    for (const [predicate, parameters] of predicates) {
      const indexed = await sample.ledger.query(`SELECT VALUE x.VIN FROM VehicleRegistration AS x WHERE ${predicate}`, ...parameters);
      const scanned = await sample.ledger.query(`SELECT VALUE x.VIN FROM VehicleRegistration AS x WHERE ${predicate} AND x.State = x.State`, ...parameters);
      const plan = await explain(`SELECT * FROM VehicleRegistration AS x WHERE ${predicate}`, ...parameters);
      expect([predicate, (plan[0] as { access: string }).access]).toEqual([predicate, 'index']);
      expect([predicate, canonical(indexed, false)]).toEqual([predicate, canonical(await scanOnly(predicate, parameters), false)]);
      expect(canonical(indexed, false)).toBe(canonical(scanned, false));
    }
  });

  /** The same predicate over a copy of the table that has no indexes. */
  async function scanOnly(predicate: string, parameters: IonValue[]): Promise<IonValue[]> {
    const rows = await sample.ledger.query('SELECT VALUE r FROM VehicleRegistration AS r');
    return sample.ledger.query(`SELECT VALUE x.VIN FROM ? AS x WHERE ${predicate}`, rows, ...parameters);
  }

  it('conflicts when a commit changes what an index lookup read, and retries', async () => {
    let attempts = 0;
    await sample.ledger.execute(
      async (tx) => {
        attempts++;
        const [year] = await tx.executeStatement('SELECT VALUE v.Year FROM Vehicle AS v WHERE v.VIN = ?', AUDI);
        if (attempts === 1) await sample.ledger.query('UPDATE Vehicle SET Year = 2012 WHERE VIN = ?', AUDI);
        await tx.executeStatement('UPDATE Vehicle SET Mileage = ? WHERE VIN = ?', year as number, AUDI);
      },
      { retry: { maxRetries: 2, baseMs: 1 } },
    );
    expect(attempts).toBe(2);
    expect(await sample.ledger.query('SELECT VALUE v.Mileage FROM Vehicle AS v WHERE v.VIN = ?', AUDI)).toEqual([2012]);
  });

  it('conflicts when a commit puts a document into a range it read', async () => {
    await expect(
      sample.ledger.execute(
        async (tx) => {
          await tx.executeStatement('SELECT * FROM Vehicle AS v WHERE v.Year > 2030');
          await sample.ledger.query("INSERT INTO Vehicle VALUE {'VIN': 'FUTURE', 'Year': 2040}");
          await tx.executeStatement("INSERT INTO Vehicle VALUE {'VIN': 'OTHER', 'Year': 1990}");
        },
        { retry: { maxRetries: 0 } },
      ),
    ).rejects.toThrow(OccConflictError);
  });
});
