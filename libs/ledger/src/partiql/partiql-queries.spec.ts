// SELECT over QLDB's vehicle-registration sample: the queries of QLDB's documentation (projections,
// filters, nested data, joins, document ids and metadata, the committed view, history, the
// catalog), then what QLDB users missed (ORDER BY, LIMIT/OFFSET, GROUP BY, aggregates).
import { removeTempLedgers } from '../engine/test-ledger.fixture';
import { runCase, type StatementCase } from './partiql-cases.fixture';
import { vehicleRegistrationLedger, type VehicleRegistrationSample } from './vehicle-registration.fixture';

const RAUL = 'LEWISR261LL';
const AUDI = '1N4AL11D75C109151';
const TESLA = 'KM8SRDHF6EU074761';
const AUDI_REGISTRATION =
  '{VIN: "1N4AL11D75C109151", LicensePlateNumber: "LEWISR261LL", State: "WA", City: "Seattle", PendingPenaltyTicketAmount: 90.25, ' +
  'ValidFromDate: 2017-08-21T00:00:00.000Z, ValidToDate: 2020-05-11T00:00:00.000Z, Owners: {PrimaryOwner: {PersonId: "%RAUL%"}, SecondaryOwners: []}}';
const withRaul = (text: string) => (s: VehicleRegistrationSample) => text.replace(/%RAUL%/g, s.personIds[RAUL]);

const BASICS: StatementCase[] = [
  { statement: `SELECT * FROM VehicleRegistration WHERE VIN = '${AUDI}'`, expected: withRaul(`[${AUDI_REGISTRATION}]`) },
  { statement: `SELECT * FROM VehicleRegistration AS r WHERE r.VIN = '${AUDI}'`, expected: withRaul(`[${AUDI_REGISTRATION}]`) },
  { statement: 'SELECT * FROM VehicleRegistration r WHERE r.VIN = ?', parameters: [AUDI], expected: withRaul(`[${AUDI_REGISTRATION}]`) },
  { statement: 'SELECT VALUE r.VIN FROM VehicleRegistration AS r', expected: `["${AUDI}", "${TESLA}", "3HGGK5G53FM761765", "1HVBBAANXWH544237", "1C4RJFAG0FC625797"]` },
  {
    statement: `SELECT VIN, LicensePlateNumber, City FROM VehicleRegistration WHERE VIN IN ('${AUDI}', '${TESLA}')`,
    expected: `[{VIN: "${AUDI}", LicensePlateNumber: "LEWISR261LL", City: "Seattle"}, {VIN: "${TESLA}", LicensePlateNumber: "CA762X", City: "Kent"}]`,
  },
  { statement: 'SELECT r.VIN, r.City FROM VehicleRegistration AS r WHERE r.City = ?', parameters: ['Kent'], expected: `[{VIN: "${TESLA}", City: "Kent"}]` },
  { statement: "SELECT v.Make AS maker, v.Model FROM Vehicle AS v WHERE v.Color = 'Blue'", expected: '[{maker: "Tesla", Model: "Model S"}]' },
  { statement: "SELECT v.Make maker FROM Vehicle AS v WHERE v.Type = 'Semi'", expected: '[{maker: "Ford"}]' },
  { statement: "SELECT \"v\".\"Make\" FROM Vehicle AS \"v\" WHERE \"v\".Type = 'Motorcycle'", expected: '[{Make: "Ducati"}]' },
  { statement: 'SELECT p.FirstName, p.DOB FROM Person AS p WHERE p.GovId = ?', parameters: [RAUL], expected: '[{FirstName: "Raul", DOB: 1963-08-19T}]' },
  { statement: "SELECT VALUE p.FirstName FROM Person AS p WHERE p.GovIdType = 'Passport'", expected: '["Melvin", "Salvatore"]' },
  { statement: "SELECT VALUE p.LastName FROM Person p WHERE p.Address LIKE '%Seattle%'", expected: '["Lewis", "Parker", "Spencer"]' },
  { statement: "SELECT VALUE v.VIN FROM Vehicle v WHERE v.Make = 'Audi' OR v.Make = 'Ford'", expected: `["${AUDI}", "1HVBBAANXWH544237"]` },
  { statement: "SELECT VALUE v.Make FROM Vehicle v WHERE v.Year = 2011 AND v.Type = 'Sedan'", expected: '["Audi"]' },
  { statement: "SELECT VALUE v.Make FROM Vehicle v WHERE NOT v.Type = 'Sedan'", expected: '["Ducati", "Ford"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v WHERE v.Year <> 2011', expected: '["Tesla", "Ford", "Mercedes"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v WHERE v.Year != 2011', expected: '["Tesla", "Ford", "Mercedes"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v WHERE v.Year BETWEEN 2010 AND 2015', expected: '["Audi", "Tesla", "Ducati"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v WHERE v.Year NOT BETWEEN 2010 AND 2015', expected: '["Ford", "Mercedes"]' },
  { statement: "SELECT VALUE v.Make FROM Vehicle v WHERE v.Color NOT IN ('Silver', 'Blue', 'Black')", expected: '["Ducati", "Mercedes"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v WHERE v.Year IN ?', parameters: [[2009, 2019]], expected: '["Ford", "Mercedes"]' },
  { statement: "SELECT VALUE v.Model FROM Vehicle v WHERE v.Model LIKE 'Model _'", expected: '["Model S"]' },
  { statement: "SELECT VALUE v.Model FROM Vehicle v WHERE v.Model LIKE '%0'", expected: '["Monster 1200", "F 150", "CLK 350"]' },
  { statement: "SELECT VALUE v.Model FROM Vehicle v WHERE v.Model NOT LIKE '% %'", expected: '["A5"]' },
  { statement: "SELECT VALUE p.GovId FROM Person p WHERE p.GovId LIKE 'P6!%%' ESCAPE '!'", expected: '[]' },
  { statement: "SELECT VALUE p.GovId FROM Person p WHERE p.GovId LIKE '%-%-%-%-%'", expected: '["S152-780-97-415-0"]' },
  { statement: 'SELECT VALUE r.VIN FROM VehicleRegistration r WHERE r.PendingPenaltyTicketAmount > 100', expected: `["${TESLA}", "3HGGK5G53FM761765"]` },
  { statement: 'SELECT VALUE r.City FROM VehicleRegistration r WHERE r.PendingPenaltyTicketAmount = 442.3', expected: '["Everett"]' },
  { statement: 'SELECT VALUE r.City FROM VehicleRegistration r WHERE r.PendingPenaltyTicketAmount = `4.4230e2`', expected: '["Everett"]' },
  { statement: 'SELECT VALUE r.City FROM VehicleRegistration r WHERE r.ValidToDate < `2021T`', expected: '["Seattle", "Kent"]' },
  { statement: 'SELECT VALUE r.City FROM VehicleRegistration r WHERE r.ValidFromDate = `2013-09-02T`', expected: '["Olympia"]' },
  { statement: "SELECT VALUE d.LicenseNumber FROM DriversLicense d WHERE d.ValidToDate >= `2022-01-01T` AND d.LicenseType = 'Full'", expected: '["744 849 301"]' },
  { statement: 'SELECT VALUE v.Color FROM Vehicle v WHERE v.Mileage IS MISSING AND v.Year = 2019', expected: '["White"]' },
  { statement: 'SELECT VALUE v.Color FROM Vehicle v WHERE v.Mileage IS NULL AND v.Year = 2009', expected: '["Black"]' },
  { statement: 'SELECT VALUE v.Color FROM Vehicle v WHERE v.Color IS NOT NULL AND v.Year = 2015', expected: '["Blue"]' },
  { statement: 'SELECT VALUE v.Color FROM Vehicle v WHERE v.Color IS NOT MISSING AND v.Make = `"Ducati"`', expected: '["Yellow"]' },
  { statement: "SELECT VALUE v.Make FROM Vehicle v WHERE v.Make = `Audi`", expected: '["Audi"]' },
  { statement: 'SELECT VALUE v.Year FROM Vehicle v WHERE v.Mileage > 10', expected: '[]' },
  { statement: "SELECT VALUE v.Year FROM Vehicle v WHERE v.Make > 10 OR v.Make = 'Audi'", expected: '[2011]' },
];

const NESTED: StatementCase[] = [
  { statement: `SELECT r.Owners.PrimaryOwner.PersonId FROM VehicleRegistration AS r WHERE r.VIN = '${AUDI}'`, expected: withRaul('[{PersonId: "%RAUL%"}]') },
  { statement: `SELECT VALUE r.Owners.SecondaryOwners FROM VehicleRegistration AS r WHERE r.VIN = '${AUDI}'`, expected: '[[]]' },
  { statement: `SELECT r.VIN, o.SecondaryOwners FROM VehicleRegistration AS r, @r.Owners AS o WHERE r.VIN = '${AUDI}'`, expected: `[{VIN: "${AUDI}", SecondaryOwners: []}]` },
  { statement: `SELECT VALUE r['Owners']['PrimaryOwner'].PersonId FROM VehicleRegistration AS r WHERE r.VIN = '${AUDI}'`, expected: withRaul('["%RAUL%"]') },
  { statement: 'SELECT VALUE x FROM << 1, 2, 3 >> AS x WHERE x > 1', expected: '[2, 3]' },
  { statement: 'SELECT VALUE [x, i] FROM [10, 20] AS x AT i', expected: '[[10, 0], [20, 1]]' },
  { statement: "SELECT VALUE t.a[1].b FROM << {'a': [{'b': 1}, {'b': 2}]} >> AS t", expected: '[2]' },
  { statement: "SELECT VALUE t.a[*].b FROM << {'a': [{'b': 1}, {'c': 0}, {'b': 3}]} >> AS t", expected: '[[1, 3]]' },
  { statement: "SELECT VALUE t.* FROM << {'a': 1, 'b': 2} >> AS t", expected: '[[1, 2]]' },
  { statement: "SELECT t.* FROM << {'a': 1, 'b': 2} >> AS t", expected: '[{a: 1, b: 2}]' },
  { statement: "SELECT VALUE o FROM << {'owners': [{'n': 'x'}, {'n': 'y'}]} >> AS t, t.owners AS o WHERE o.n = 'y'", expected: '[{n: "y"}]' },
  { statement: "SELECT VALUE t.a[5] FROM << {'a': [1]} >> AS t", expected: '[]' },
  { statement: 'SELECT VALUE t.a FROM << `{a: usd::12.50}` >> AS t WHERE t.a = 12.5', expected: '[usd::12.50]' },
  { statement: 'SELECT VALUE x FROM `[1, 2.0, 3e0]` AS x WHERE x = 2', expected: '[2.0]' },
  { statement: 'SELECT VALUE r.PendingPenaltyTicketAmount FROM VehicleRegistration r WHERE r.City = ?', parameters: ['Tacoma'], expected: '[42.20]' },
];

const JOINS: StatementCase[] = [
  {
    statement: `SELECT v.Make, v.Model, r.City FROM VehicleRegistration AS r, Vehicle AS v WHERE r.VIN = v.VIN AND r.VIN IN ('${AUDI}', '${TESLA}')`,
    expected: '[{Make: "Audi", Model: "A5", City: "Seattle"}, {Make: "Tesla", Model: "Model S", City: "Kent"}]',
  },
  {
    statement: `SELECT v.Make, r.City FROM VehicleRegistration AS r INNER JOIN Vehicle AS v ON r.VIN = v.VIN WHERE v.Color = 'Yellow'`,
    expected: '[{Make: "Ducati", City: "Everett"}]',
  },
  { statement: `SELECT v.Make, r.City FROM VehicleRegistration r JOIN Vehicle v ON r.VIN = v.VIN WHERE r.City = 'Tacoma'`, expected: '[{Make: "Ford", City: "Tacoma"}]' },
  {
    statement: `SELECT p.FirstName, d.LicenseType FROM Person AS p BY pid, DriversLicense AS d WHERE d.PersonId = pid AND p.LastName = 'Pena'`,
    expected: '[{FirstName: "Alexis", LicenseType: "Full"}]',
  },
  {
    statement: `SELECT p.FirstName, r.VIN FROM VehicleRegistration AS r, Person AS p BY pid WHERE r.Owners.PrimaryOwner.PersonId = pid AND p.GovId = ?`,
    parameters: ['P626-168-229-765'],
    expected: '[{FirstName: "Melvin", VIN: "1HVBBAANXWH544237"}]',
  },
  {
    statement: `SELECT VALUE p.FirstName FROM Person p BY pid, VehicleRegistration r, Vehicle v WHERE r.Owners.PrimaryOwner.PersonId = pid AND v.VIN = r.VIN AND v.Type = 'Sedan'`,
    expected: '["Raul", "Brent", "Salvatore"]',
  },
  { statement: "SELECT COUNT(*) AS pairs FROM Vehicle AS a, Vehicle AS b WHERE a.Year = b.Year AND a.Make < b.Make", expected: '[{pairs: 1}]' },
  { statement: 'SELECT COUNT(*) AS n FROM Vehicle CROSS JOIN Person', expected: '[{n: 25}]' },
  {
    statement: "SELECT v.Make, x.note FROM Vehicle v LEFT JOIN << {'vin': '1N4AL11D75C109151', 'note': 'first'} >> AS x ON x.vin = v.VIN WHERE v.Year = 2011",
    expected: '[{Make: "Audi", note: "first"}, {Make: "Ducati"}]',
  },
  {
    statement: "SELECT r.City, v.Make FROM VehicleRegistration r, Vehicle v WHERE v.VIN = r.VIN AND r.PendingPenaltyTicketAmount BETWEEN 40 AND 100",
    expected: '[{City: "Seattle", Make: "Audi"}, {City: "Tacoma", Make: "Ford"}]',
  },
];

const IDS_AND_VIEWS: StatementCase[] = [
  { statement: 'SELECT pid FROM Person AS p BY pid WHERE p.GovId = ?', parameters: [RAUL], expected: (s) => `[{pid: "${s.personIds[RAUL]}"}]` },
  { statement: 'SELECT VALUE p.FirstName FROM Person AS p BY pid WHERE pid = ?', parameters: (s) => [s.personIds[RAUL]], expected: '["Raul"]' },
  { statement: 'SELECT VALUE p.FirstName FROM Person AS p BY pid WHERE pid IN (?, ?)', parameters: (s) => [s.personIds[RAUL], s.personIds['744 849 301']], expected: '["Raul", "Alexis"]' },
  { statement: 'SELECT VALUE p.FirstName FROM Person AS p BY pid WHERE pid = ?', parameters: ['NoSuchDocument00000000'], expected: '[]' },
  {
    statement: "SELECT r.metadata.id, r.metadata.version, r.data.City FROM _ql_committed_VehicleRegistration AS r WHERE r.data.VIN = ?",
    parameters: [TESLA],
    expected: (s) => `[{id: "${s.registrationIds[TESLA]}", version: 0, City: "Kent"}]`,
  },
  {
    statement: 'SELECT VALUE c.data.FirstName FROM _ql_committed_Person AS c WHERE c.metadata.id = ?',
    parameters: (s) => [s.personIds[RAUL]],
    expected: '["Raul"]',
  },
  { statement: "SELECT VALUE c.blockAddress.sequenceNo > 0 FROM _ql_committed_Vehicle c WHERE c.data.Make = 'Ford'", expected: '[true]' },
  { statement: "SELECT VALUE SIZE(c.metadata) FROM _ql_committed_Vehicle c WHERE c.data.Make = 'Ford'", expected: '[4]' },
  { statement: 'SELECT VALUE COUNT(*) FROM _ql_committed_DriversLicense', expected: '[5]' },
  { statement: 'SELECT VALUE t.name FROM information_schema.user_tables AS t WHERE t.status = ?', parameters: ['ACTIVE'], expected: '["VehicleRegistration", "Vehicle", "Person", "DriversLicense"]' },
  { statement: "SELECT VALUE SIZE(t.indexes) FROM information_schema.user_tables t WHERE t.name = 'DriversLicense'", expected: '[2]' },
  { statement: "SELECT VALUE i.expr FROM information_schema.user_tables t, t.indexes i WHERE t.name = 'VehicleRegistration'", expected: '["[VIN]", "[LicensePlateNumber]"]' },
  { statement: 'SELECT h.metadata.version, h.data.FirstName FROM history(Person) AS h WHERE h.metadata.id = ?', parameters: (s) => [s.personIds[RAUL]], expected: '[{version: 0, FirstName: "Raul"}]' },
  { statement: 'SELECT VALUE COUNT(*) FROM history(Vehicle) AS h', expected: '[5]' },
  { statement: 'SELECT VALUE COUNT(*) FROM history(Vehicle, `2000T`, `2999T`) AS h', expected: '[5]' },
  { statement: 'SELECT VALUE COUNT(*) FROM history(Vehicle, `2999T`) AS h', expected: '[0]' },
  { statement: 'SELECT VALUE COUNT(*) FROM history(Vehicle, `2000T`, `2001T`) AS h', expected: '[0]' },
  { statement: "SELECT VALUE h.metadata.txId = TXID() FROM history(Vehicle) h WHERE h.data.Make = 'Audi'", expected: '[false]' },
];

const MISSED_BY_QLDB_USERS: StatementCase[] = [
  { statement: 'SELECT VALUE v.Make FROM Vehicle v ORDER BY v.Make', expected: '["Audi", "Ducati", "Ford", "Mercedes", "Tesla"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v ORDER BY v.Make DESC', expected: '["Tesla", "Mercedes", "Ford", "Ducati", "Audi"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v ORDER BY v.Year DESC, v.Make ASC', expected: '["Mercedes", "Tesla", "Audi", "Ducati", "Ford"]' },
  { statement: 'SELECT v.Make, v.Year AS y FROM Vehicle v ORDER BY y, Make', expected: '[{Make: "Ford", y: 2009}, {Make: "Audi", y: 2011}, {Make: "Ducati", y: 2011}, {Make: "Tesla", y: 2015}, {Make: "Mercedes", y: 2019}]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v ORDER BY v.Year, v.Make LIMIT 2', expected: '["Ford", "Audi"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v ORDER BY v.Make LIMIT 2 OFFSET 2', expected: '["Ford", "Mercedes"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v ORDER BY v.Make LIMIT ? OFFSET ?', parameters: [1, 4], expected: '["Tesla"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v ORDER BY v.Make OFFSET 4', expected: '["Tesla"]' },
  { statement: 'SELECT VALUE COUNT(*) FROM (SELECT VALUE v FROM Vehicle v LIMIT 3) AS x', expected: '[3]' },
  { statement: 'SELECT VALUE x FROM << 3, NULL, 1, MISSING, 2 >> AS x ORDER BY x', expected: '[1, 2, 3, null]' },
  { statement: 'SELECT VALUE x FROM << 3, NULL, 1, 2 >> AS x ORDER BY x NULLS FIRST', expected: '[null, 1, 2, 3]' },
  { statement: 'SELECT VALUE x FROM << 3, NULL, 1, 2 >> AS x ORDER BY x DESC', expected: '[null, 3, 2, 1]' },
  { statement: 'SELECT VALUE x FROM << 3, NULL, 1, 2 >> AS x ORDER BY x DESC NULLS LAST', expected: '[3, 2, 1, null]' },
  { statement: "SELECT VALUE x FROM << 2, 'a', 1.5, `2020T`, true, 1e0 >> AS x ORDER BY x", expected: '[true, 1e0, 1.5, 2, 2020T, "a"]' },
  { statement: 'SELECT v.Type, COUNT(*) AS n FROM Vehicle v GROUP BY v.Type ORDER BY n DESC, v.Type', expected: '[{Type: "Sedan", n: 3}, {Type: "Motorcycle", n: 1}, {Type: "Semi", n: 1}]' },
  { statement: 'SELECT t, COUNT(*) AS n FROM Vehicle v GROUP BY v.Type AS t HAVING COUNT(*) > 1', expected: '[{t: "Sedan", n: 3}]' },
  { statement: 'SELECT COUNT(*) AS n, MIN(v.Year) AS first, MAX(v.Year) AS last FROM Vehicle v', expected: '[{n: 5, first: 2009, last: 2019}]' },
  { statement: 'SELECT SUM(r.PendingPenaltyTicketAmount) AS total FROM VehicleRegistration r', expected: '[{total: 735.95}]' },
  { statement: 'SELECT AVG(r.PendingPenaltyTicketAmount) AS average FROM VehicleRegistration r', expected: '[{average: 147.19}]' },
  { statement: 'SELECT VALUE AVG(v.Year) FROM Vehicle v', expected: '[2013.]' },
  { statement: "SELECT VALUE COUNT(v.Mileage) FROM Vehicle v", expected: '[0]' },
  { statement: "SELECT VALUE SUM(v.Mileage) FROM Vehicle v", expected: '[null]' },
  { statement: 'SELECT VALUE COUNT(DISTINCT v.Type) FROM Vehicle v', expected: '[3]' },
  { statement: 'SELECT VALUE MIN(r.ValidFromDate) FROM VehicleRegistration r', expected: '[2011-03-17T00:00:00.000Z]' },
  { statement: 'SELECT VALUE MAX(p.LastName) FROM Person p', expected: '["Spencer"]' },
  { statement: 'SELECT VALUE COUNT(*) FROM Vehicle v WHERE v.Year > 3000', expected: '[0]' },
  { statement: 'SELECT DISTINCT v.Type FROM Vehicle v', expected: '[{Type: "Sedan"}, {Type: "Motorcycle"}, {Type: "Semi"}]' },
  { statement: 'SELECT DISTINCT VALUE v.Year FROM Vehicle v ORDER BY v.Year', expected: '[2009, 2011, 2015, 2019]' },
  { statement: 'SELECT VALUE x FROM << 1, 1.0, 1e0, 2 >> AS x GROUP BY x', expected: '[1, 2]' },
  { statement: 'SELECT d.LicenseType AS type, COUNT(*) AS n FROM DriversLicense d GROUP BY d.LicenseType ORDER BY type', expected: '[{type: "Full", n: 1}, {type: "Learner", n: 2}, {type: "Probationary", n: 2}]' },
];

const SUBQUERIES: StatementCase[] = [
  { statement: "SELECT VALUE v.Make FROM Vehicle v WHERE v.VIN IN (SELECT r.VIN FROM VehicleRegistration r WHERE r.City = 'Kent')", expected: '["Tesla"]' },
  { statement: 'SELECT VALUE v.Make FROM Vehicle v WHERE v.Year = (SELECT MAX(x.Year) FROM Vehicle x)', expected: '["Mercedes"]' },
  {
    statement: 'SELECT VALUE p.FirstName FROM Person p BY pid WHERE EXISTS (SELECT * FROM DriversLicense d WHERE d.PersonId = pid AND d.LicenseType = ?)',
    parameters: ['Learner'],
    expected: '["Raul", "Melvin"]',
  },
  { statement: "SELECT v.Make, (SELECT VALUE r.City FROM VehicleRegistration r WHERE r.VIN = v.VIN) AS cities FROM Vehicle v WHERE v.Color = 'Black'", expected: '[{Make: "Ford", cities: ["Tacoma"]}]' },
];

const ALL = [...BASICS, ...NESTED, ...JOINS, ...IDS_AND_VIEWS, ...MISSED_BY_QLDB_USERS, ...SUBQUERIES];

describe('SELECT on the vehicle-registration sample', () => {
  let sample: VehicleRegistrationSample;
  beforeAll(async () => (sample = await vehicleRegistrationLedger()));
  afterAll(async () => {
    await sample.ledger.close();
    await removeTempLedgers();
  });

  it.each(ALL.map((c) => [c.statement, c]))('%s', async (_statement, testCase) => {
    const [actual, expected] = await runCase(sample, testCase);
    expect(actual).toBe(expected);
  });

  it('counts as many cases as documented', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(100);
  });
});
