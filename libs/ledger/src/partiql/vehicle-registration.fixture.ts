// Test fixture: QLDB's vehicle-registration sample (its getting-started tutorial) loaded through
// PartiQL: the four tables with the tutorial's six indexes, five people, five vehicles, their
// registrations (owned by the people, by document id) and the people's driver's licenses.
import type { Ledger } from '../engine/ledger';
import { openTestLedger } from '../engine/test-ledger.fixture';
import { Decimal, type IonStructObject } from '../ion';

export interface VehicleRegistrationSample {
  ledger: Ledger;
  /** Person document ids by GovId. */
  personIds: Record<string, string>;
  /** Vehicle document ids by VIN. */
  vehicleIds: Record<string, string>;
  /** VehicleRegistration document ids by VIN. */
  registrationIds: Record<string, string>;
  /** DriversLicense document ids by LicenseNumber. */
  licenseIds: Record<string, string>;
}

export const SCHEMA = [
  'CREATE TABLE VehicleRegistration',
  'CREATE TABLE Vehicle',
  'CREATE TABLE Person',
  'CREATE TABLE DriversLicense',
  'CREATE INDEX ON VehicleRegistration (VIN)',
  'CREATE INDEX ON VehicleRegistration (LicensePlateNumber)',
  'CREATE INDEX ON Vehicle (VIN)',
  'CREATE INDEX ON Person (GovId)',
  'CREATE INDEX ON DriversLicense (LicenseNumber)',
  'CREATE INDEX ON DriversLicense (PersonId)',
];

const PEOPLE = `INSERT INTO Person <<
  { 'FirstName': 'Raul', 'LastName': 'Lewis', 'DOB': \`1963-08-19T\`, 'GovId': 'LEWISR261LL', 'GovIdType': 'Driver License',
    'Address': '1719 University Street, Seattle, WA, 98109' },
  { 'FirstName': 'Brent', 'LastName': 'Logan', 'DOB': \`1967-07-03T\`, 'GovId': 'LOGANB486CG', 'GovIdType': 'Driver License',
    'Address': '43 Stockert Hollow Road, Everett, WA, 98203' },
  { 'FirstName': 'Alexis', 'LastName': 'Pena', 'DOB': \`1974-02-10T\`, 'GovId': '744 849 301', 'GovIdType': 'SSN',
    'Address': '4058 Melrose Street, Spokane Valley, WA, 99206' },
  { 'FirstName': 'Melvin', 'LastName': 'Parker', 'DOB': \`1976-05-22T\`, 'GovId': 'P626-168-229-765', 'GovIdType': 'Passport',
    'Address': '4362 Ryder Avenue, Seattle, WA, 98101' },
  { 'FirstName': 'Salvatore', 'LastName': 'Spencer', 'DOB': \`1997-11-15T\`, 'GovId': 'S152-780-97-415-0', 'GovIdType': 'Passport',
    'Address': '4450 Honeysuckle Lane, Seattle, WA, 98101' }
>>`;

const VEHICLES = `INSERT INTO Vehicle <<
  { 'VIN': '1N4AL11D75C109151', 'Type': 'Sedan', 'Year': 2011, 'Make': 'Audi', 'Model': 'A5', 'Color': 'Silver' },
  { 'VIN': 'KM8SRDHF6EU074761', 'Type': 'Sedan', 'Year': 2015, 'Make': 'Tesla', 'Model': 'Model S', 'Color': 'Blue' },
  { 'VIN': '3HGGK5G53FM761765', 'Type': 'Motorcycle', 'Year': 2011, 'Make': 'Ducati', 'Model': 'Monster 1200', 'Color': 'Yellow' },
  { 'VIN': '1HVBBAANXWH544237', 'Type': 'Semi', 'Year': 2009, 'Make': 'Ford', 'Model': 'F 150', 'Color': 'Black' },
  { 'VIN': '1C4RJFAG0FC625797', 'Type': 'Sedan', 'Year': 2019, 'Make': 'Mercedes', 'Model': 'CLK 350', 'Color': 'White' }
>>`;

/** Registrations in the order of the people who own them. */
const REGISTRATIONS: IonStructObject[] = [
  registration('1N4AL11D75C109151', 'LEWISR261LL', 'Seattle', '90.25', '2017-08-21', '2020-05-11'),
  registration('KM8SRDHF6EU074761', 'CA762X', 'Kent', '130.75', '2017-09-14', '2020-06-25'),
  registration('3HGGK5G53FM761765', 'CD820Z', 'Everett', '442.30', '2011-03-17', '2021-03-24'),
  registration('1HVBBAANXWH544237', 'LS477D', 'Tacoma', '42.20', '2011-10-26', '2023-09-25'),
  registration('1C4RJFAG0FC625797', 'TH393F', 'Olympia', '30.45', '2013-09-02', '2024-03-19'),
];

/** Licenses in the order of the people who hold them. */
const LICENSES: IonStructObject[] = [
  license('LEWISR261LL', 'Learner', '2016-12-20', '2020-11-15'),
  license('LOGANB486CG', 'Probationary', '2016-04-06', '2020-11-15'),
  license('744 849 301', 'Full', '2017-12-06', '2022-10-15'),
  license('P626-168-229-765', 'Learner', '2017-08-16', '2021-11-15'),
  license('S152-780-97-415-0', 'Probationary', '2015-08-15', '2021-08-21'),
];

/** A ledger holding the sample (a new temporary one unless given). */
export async function vehicleRegistrationLedger(ledger?: Ledger): Promise<VehicleRegistrationSample> {
  const target = ledger ?? (await openTestLedger());
  await target.execute(async (tx) => {
    for (const statement of SCHEMA) await tx.executeStatement(statement);
  });
  const people = await target.query(PEOPLE);
  const vehicles = await target.query(VEHICLES);
  const govIds = LICENSES.map((l) => l.LicenseNumber as string);
  const personIds = Object.fromEntries(govIds.map((govId, i) => [govId, idOf(people[i])]));
  const owned = REGISTRATIONS.map((r, i) => ({ ...r, Owners: { PrimaryOwner: { PersonId: personIds[govIds[i]] }, SecondaryOwners: [] } }));
  const registrations = await target.query('INSERT INTO VehicleRegistration ?', owned);
  const licenses = await target.query('INSERT INTO DriversLicense ?', LICENSES.map((l, i) => ({ PersonId: personIds[govIds[i]], ...l })));
  const vins = REGISTRATIONS.map((r) => r.VIN as string);
  return {
    ledger: target,
    personIds,
    vehicleIds: Object.fromEntries(vins.map((vin, i) => [vin, idOf(vehicles[i])])),
    registrationIds: Object.fromEntries(vins.map((vin, i) => [vin, idOf(registrations[i])])),
    licenseIds: Object.fromEntries(govIds.map((number, i) => [number, idOf(licenses[i])])),
  };
}

function registration(VIN: string, plate: string, City: string, penalty: string, from: string, to: string): IonStructObject {
  return {
    VIN,
    LicensePlateNumber: plate,
    State: 'WA',
    City,
    PendingPenaltyTicketAmount: new Decimal(penalty),
    ValidFromDate: new Date(`${from}T00:00:00.000Z`),
    ValidToDate: new Date(`${to}T00:00:00.000Z`),
  };
}

function license(LicenseNumber: string, LicenseType: string, from: string, to: string): IonStructObject {
  return { LicenseNumber, LicenseType, ValidFromDate: new Date(`${from}T00:00:00.000Z`), ValidToDate: new Date(`${to}T00:00:00.000Z`) };
}

function idOf(result: unknown): string {
  return (result as { documentId: string }).documentId;
}
