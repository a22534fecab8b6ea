// DML and DDL through PartiQL: each statement form of QLDB's reference on the vehicle-registration
// sample, what it returns, what the documents hold afterwards, and how the block records it (the
// statement verbatim, its parameters' digest, every document it changed under it).
import { TableNotFoundError } from '../engine/errors';
import { removeTempLedgers } from '../engine/test-ledger.fixture';
import { Decimal, toIon, type IonStructObject, type IonValue } from '../ion';
import { statementDigest } from '../journal';
import { PartiqlTypeError } from './errors';
import { vehicleRegistrationLedger, type VehicleRegistrationSample } from './vehicle-registration.fixture';

const AUDI = '1N4AL11D75C109151';
const RAUL = 'LEWISR261LL';
const PENA = '744 849 301';

describe('PartiQL DML', () => {
  let sample: VehicleRegistrationSample;
  beforeEach(async () => (sample = await vehicleRegistrationLedger()));
  afterEach(() => sample.ledger.close());
  afterAll(removeTempLedgers);

  const query = (statement: string, ...parameters: IonValue[]) => sample.ledger.query(statement, ...parameters);
  const one = async (statement: string, ...parameters: IonValue[]) => (await query(statement, ...parameters))[0] as IonStructObject;
  const person = (govId: string) => one('SELECT * FROM Person WHERE GovId = ?', govId);

  it('INSERT INTO t VALUE {…} returns the new document id (QLDB reference example)', async () => {
    const statement = `INSERT INTO VehicleRegistration VALUE
      { 'VIN' : 'KM8SRDHF6EU074761', --string
        'RegNum' : 1722, --integer
        'State' : 'WA', 'City' : 'Kent',
        'PendingPenaltyTicketAmount' : 130.75, --decimal
        'Owners' : { 'PrimaryOwner' : { 'PersonId': '294jJ3YUoH1IEEm8GSabOs' },
                     'SecondaryOwners' : [ { 'PersonId' : '1nmeDdLo3AhGswBtyM1eYh' }, { 'PersonId': 'IN7MvYtUjkp1GMZu0F6CG9' } ] },
        'ValidFromDate' : \`2017-09-14T\`, --Ion timestamp literal with day precision
        'ValidToDate' : \`2020-06-25T\` }`;
    const { value, block } = await sample.ledger.transact((tx) => tx.executeStatement(statement));
    expect(value).toEqual([{ documentId: expect.stringMatching(/^[0-9A-Za-z]{22}$/) }]);
    const id = (value[0] as { documentId: string }).documentId;
    const stored = await one('SELECT VALUE r FROM VehicleRegistration AS r BY rid WHERE rid = ?', id);
    expect(toIon(stored, 'text')).toContain('ValidFromDate:2017-09-14T');
    expect(stored.PendingPenaltyTicketAmount).toEqual(new Decimal('130.75'));
    expect(block!.transactionInfo.statements).toEqual([{ statement, startTime: expect.any(Date), statementDigest: statementDigest(statement) }]);
    expect(block!.transactionInfo.documents[id].statements).toEqual([0]);
  });

  it('INSERT INTO t << … >> inserts several documents under one statement', async () => {
    const statement = "INSERT INTO Person << {'FirstName': 'Ana', 'GovId': 'A1'}, {'FirstName': 'Bo', 'GovId': 'B2'} >>";
    const { value, block } = await sample.ledger.transact((tx) => tx.executeStatement(statement));
    expect(value).toHaveLength(2);
    expect(block!.transactionInfo.statements.map((s) => s.statement)).toEqual([statement]);
    expect(Object.values(block!.transactionInfo.documents).map((d) => d.statements)).toEqual([[0], [0]]);
    expect(await query("SELECT VALUE p.FirstName FROM Person p WHERE p.GovId IN ('A1', 'B2')")).toHaveLength(2);
  });

  it('INSERT INTO t ? takes a struct or a list of structs, and digests the parameter', async () => {
    const documents = [{ FirstName: 'Cy', GovId: 'C3' }, { FirstName: 'Di', GovId: 'D4' }];
    const { value, block } = await sample.ledger.transact((tx) => tx.executeStatement('INSERT INTO Person ?', documents));
    expect(value).toHaveLength(2);
    expect(block!.transactionInfo.statements[0].statementDigest).toEqual(statementDigest('INSERT INTO Person ?', [documents]));
    expect(await query('INSERT INTO Person ?', { FirstName: 'Ed' })).toHaveLength(1);
    expect(await query('INSERT INTO Person VALUE ?', { FirstName: 'Fay' })).toHaveLength(1);
  });

  it('UPDATE t AS a SET … WHERE …, with arithmetic on decimals', async () => {
    const statement = 'UPDATE VehicleRegistration AS r SET r.PendingPenaltyTicketAmount = r.PendingPenaltyTicketAmount + 10, r.City = ? WHERE r.VIN = ?';
    const { value, block } = await sample.ledger.transact((tx) => tx.executeStatement(statement, 'Redmond', AUDI));
    expect(value).toEqual([{ documentId: sample.registrationIds[AUDI] }]);
    const registration = await one('SELECT * FROM VehicleRegistration WHERE VIN = ?', AUDI);
    expect(registration.PendingPenaltyTicketAmount).toEqual(new Decimal('100.25'));
    expect(registration.City).toBe('Redmond');
    expect(block!.transactionInfo.statements[0].statementDigest).toEqual(statementDigest(statement, ['Redmond', AUDI]));
    expect(block!.revisions![0].metadata!.version).toBe(1);
  });

  it('UPDATE t SET without an alias, and SET creates the missing structs on its path', async () => {
    await query("UPDATE Person SET Contact.Email = 'raul@example.com' WHERE GovId = ?", RAUL);
    expect((await person(RAUL)).Contact).toEqual({ Email: 'raul@example.com' });
  });

  it('UPDATE t BY id … WHERE id = ?', async () => {
    const result = await query("UPDATE Vehicle AS v BY vid SET v.Color = 'Green' WHERE vid = ?", sample.vehicleIds[AUDI]);
    expect(result).toEqual([{ documentId: sample.vehicleIds[AUDI] }]);
    expect(await query("SELECT VALUE v.Color FROM Vehicle v WHERE v.VIN = ?", AUDI)).toEqual(['Green']);
  });

  it('UPDATE … REMOVE and UPDATE … INSERT INTO', async () => {
    await query('UPDATE Person AS p REMOVE p.Address WHERE p.GovId = ?', RAUL);
    expect((await person(RAUL)).Address).toBeUndefined();
    await query("UPDATE VehicleRegistration AS r INSERT INTO r.Owners.SecondaryOwners VALUE {'PersonId': ?} WHERE r.VIN = ?", sample.personIds[PENA], AUDI);
    expect(await query('SELECT VALUE o.PersonId FROM VehicleRegistration r, @r.Owners.SecondaryOwners o WHERE r.VIN = ?', AUDI)).toEqual([sample.personIds[PENA]]);
  });

  it('FROM … WHERE … INSERT INTO a list (at a position) and a struct (at a field name)', async () => {
    const add = "FROM VehicleRegistration AS r WHERE r.VIN = ? INSERT INTO r.Owners.SecondaryOwners VALUE {'PersonId': ?}";
    await query(add, AUDI, 'first');
    await query(`${add} AT 0`, AUDI, 'second');
    expect(await query('SELECT VALUE r.Owners.SecondaryOwners[*].PersonId FROM VehicleRegistration r WHERE r.VIN = ?', AUDI)).toEqual([['second', 'first']]);
    await query("FROM Person AS p WHERE p.GovId = ? INSERT INTO p VALUE 'Seattle' AT 'City'", RAUL);
    expect((await person(RAUL)).City).toBe('Seattle');
    await expect(query("FROM Person AS p WHERE p.GovId = ? INSERT INTO p VALUE 'x' AT 'City'", RAUL)).rejects.toThrow(/already has a field "City"/);
  });

  it('FROM … SET and FROM … REMOVE an element', async () => {
    await query("FROM Person AS p WHERE p.GovId = ? SET p.Address = '100 Main Street'", RAUL);
    expect((await person(RAUL)).Address).toBe('100 Main Street');
    await query("UPDATE VehicleRegistration AS r SET r.Owners.SecondaryOwners = ['a', 'b', 'c'] WHERE r.VIN = ?", AUDI);
    await query('FROM VehicleRegistration AS r WHERE r.VIN = ? REMOVE r.Owners.SecondaryOwners[1]', AUDI);
    await query("FROM VehicleRegistration AS r WHERE r.VIN = ? SET r.Owners.SecondaryOwners[0] = 'A'", AUDI);
    expect(await query('SELECT VALUE r.Owners.SecondaryOwners FROM VehicleRegistration r WHERE r.VIN = ?', AUDI)).toEqual([['A', 'c']]);
  });

  it('FROM t AS a WHERE … REMOVE a deletes the document', async () => {
    const result = await query('FROM DriversLicense AS d WHERE d.LicenseNumber = ? REMOVE d', RAUL);
    expect(result).toEqual([{ documentId: sample.licenseIds[RAUL] }]);
    expect(await query('SELECT * FROM DriversLicense WHERE LicenseNumber = ?', RAUL)).toEqual([]);
  });

  it('DELETE FROM t AS a WHERE …, and DELETE FROM t BY id', async () => {
    expect(await query('DELETE FROM VehicleRegistration AS r WHERE r.VIN = ?', AUDI)).toEqual([{ documentId: sample.registrationIds[AUDI] }]);
    expect(await query('DELETE FROM Vehicle BY vid WHERE vid = ?', sample.vehicleIds[AUDI])).toEqual([{ documentId: sample.vehicleIds[AUDI] }]);
    expect(await query('SELECT VALUE COUNT(*) FROM Vehicle')).toEqual([4]);
    const history = await query('SELECT VALUE h.metadata.version FROM history(Vehicle) h WHERE h.metadata.id = ?', sample.vehicleIds[AUDI]);
    expect(history).toEqual([0, 1]);
  });

  it('changes several documents with one statement, and nothing when nothing matches', async () => {
    const { value, block } = await sample.ledger.transact((tx) => tx.executeStatement("UPDATE Person AS p SET p.Checked = true WHERE p.Address LIKE '%Seattle%'"));
    expect(value).toHaveLength(3);
    expect(block!.transactionInfo.statements).toHaveLength(1);
    expect(await query("SELECT VALUE COUNT(*) FROM Person p WHERE p.Checked")).toEqual([3]);
    const nothing = await sample.ledger.transact((tx) => tx.executeStatement("DELETE FROM Person WHERE GovId = 'nobody'"));
    expect(nothing).toEqual({ value: [] });
  });

  it('records statements in order, each with the documents it changed, beside engine writes', async () => {
    const { block } = await sample.ledger.transact(async (tx) => {
      await tx.executeStatement("UPDATE Person SET Tag = 'a' WHERE GovId = ?", RAUL);
      tx.insert('Person', { FirstName: 'Engine' });
      await tx.executeStatement("UPDATE Person SET Tag = 'b' WHERE GovId = ?", RAUL);
    });
    const statements = block!.transactionInfo.statements.map((s) => s.statement);
    expect(statements).toEqual(["UPDATE Person SET Tag = 'a' WHERE GovId = ?", 'INSERT INTO Person ?', "UPDATE Person SET Tag = 'b' WHERE GovId = ?"]);
    expect(block!.transactionInfo.documents[sample.personIds[RAUL]].statements).toEqual([0, 2]);
  });

  it('sees its own writes within the transaction, and nothing after it aborts', async () => {
    await expect(
      sample.ledger.execute(async (tx) => {
        await tx.executeStatement("INSERT INTO Vehicle VALUE {'VIN': 'TEMP', 'Year': 2030}");
        await tx.executeStatement("UPDATE Vehicle SET Year = 2031 WHERE VIN = 'TEMP'");
        expect(await tx.executeStatement("SELECT VALUE Year FROM Vehicle WHERE VIN = 'TEMP'")).toEqual([2031]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await query("SELECT * FROM Vehicle WHERE VIN = 'TEMP'")).toEqual([]);
  });

  it('refuses documents that are not structs, and DML on views', async () => {
    await expect(query('INSERT INTO Person VALUE 5')).rejects.toThrow(PartiqlTypeError);
    await expect(query('INSERT INTO Person << 1 >>')).rejects.toThrow(/a document/);
    await expect(query('INSERT INTO Person VALUE `{a: 1, a: 2}`')).rejects.toThrow(/repeated field names/);
    await expect(query('UPDATE Person AS p SET p = 5')).rejects.toThrow(PartiqlTypeError);
    await expect(query('DELETE FROM _ql_committed_Person')).rejects.toThrow(/changes a user table/);
    await expect(query('INSERT INTO Nope VALUE {}')).rejects.toThrow(TableNotFoundError);
  });
});

describe('PartiQL DDL', () => {
  let sample: VehicleRegistrationSample;
  beforeAll(async () => (sample = await vehicleRegistrationLedger()));
  afterAll(async () => {
    await sample.ledger.close();
    await removeTempLedgers();
  });

  const query = (statement: string, ...parameters: IonValue[]) => sample.ledger.query(statement, ...parameters);

  it('CREATE TABLE, DROP TABLE and UNDROP TABLE "id" return the table id; the catalog shows each state', async () => {
    const [{ tableId }] = (await query('CREATE TABLE Garage')) as Array<{ tableId: string }>;
    await query("INSERT INTO Garage VALUE {'Name': 'North', 'Address': {'City': 'Seattle'}}");
    expect(await query('DROP TABLE Garage')).toEqual([{ tableId }]);
    expect(await query("SELECT VALUE t.status FROM information_schema.user_tables t WHERE t.name = 'Garage'")).toEqual(['INACTIVE']);
    await expect(query('SELECT * FROM Garage')).rejects.toThrow(TableNotFoundError);
    expect(await query(`UNDROP TABLE "${tableId}"`)).toEqual([{ tableId }]);
    expect(await query('SELECT VALUE g.Name FROM Garage g')).toEqual(['North']);
  });

  it('CREATE INDEX on a nested path, used by the planner; DROP INDEX "id" ON t WITH (purge = true)', async () => {
    await query('CREATE TABLE Depot');
    await query("INSERT INTO Depot << {'Address': {'City': 'Kent'}, 'n': 1}, {'Address': {'City': 'Tacoma'}, 'n': 2} >>");
    const [created] = (await query('CREATE INDEX ON Depot (Address.City)')) as Array<{ tableId: string; indexId: string }>;
    expect(await query("EXPLAIN SELECT * FROM Depot d WHERE d.Address.City = 'Kent'")).toEqual([
      { source: 'Depot', alias: 'd', access: 'index', index: 'Address.City', lookup: 'equal' },
    ]);
    expect(await query("SELECT VALUE d.n FROM Depot d WHERE d.Address.City = 'Kent'")).toEqual([1]);
    expect(await query(`DROP INDEX "${created.indexId}" ON Depot WITH (purge = true)`)).toEqual([created]);
    expect(await query("EXPLAIN SELECT * FROM Depot d WHERE d.Address.City = 'Kent'")).toEqual([{ source: 'Depot', alias: 'd', access: 'scan' }]);
    expect((await sample.ledger.verify()).valid).toBe(true);
  });

  it('records DDL verbatim in the block, and refuses what the engine refuses', async () => {
    const { block } = await sample.ledger.transact((tx) => tx.executeStatement('create table Lot'));
    expect(block!.transactionInfo.statements.map((s) => s.statement)).toEqual(['create table Lot']);
    await expect(query('CREATE TABLE Lot')).rejects.toThrow(/already exists/);
    await expect(query('CREATE INDEX ON Lot (a)')).resolves.toHaveLength(1);
    await expect(query('CREATE INDEX ON Lot (a)')).rejects.toThrow(/already has an index on a/);
    await expect(query('DROP TABLE Nope')).rejects.toThrow(TableNotFoundError);
    await expect(query('UNDROP TABLE "NoSuchTable00000000000"')).rejects.toThrow(TableNotFoundError);
    await expect(query('DROP INDEX "nope" ON Lot')).rejects.toThrow(/has no index "nope"/);
  });
});
