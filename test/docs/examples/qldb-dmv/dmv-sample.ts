// Application code written for the QLDB driver, in the style of QLDB's DMV tutorial: tables,
// indexes, documents, Ion types, scans, joins, updates, nested inserts, deletes and history, each
// through `executeLambda` and `txn.execute`, results read as ion-js dom values. Only the import and
// the driver's second argument differ from code written for amazon-qldb-driver-nodejs. Run by
// test/qldb-driver/dmv-sample.e2e-spec.ts.
// #region driver
import { QldbDriver, RetryConfig, type QldbDriverLedger, type Result, type TransactionExecutor } from 'nestjs-ledger/qldb-driver';
import { dom, IonTypes, type IonType } from 'ion-js';
// #endregion driver
import { DRIVERS_LICENSE, PERSON, VEHICLE, VEHICLE_REGISTRATION } from './dmv-sample-data';

export const TABLES = ['VehicleRegistration', 'Vehicle', 'Person', 'DriversLicense'];

// #region connect
export function createQldbDriver(ledgerName: string, ledger: QldbDriverLedger): QldbDriver {
  const maxConcurrentTransactions = 10;
  const retryConfig = new RetryConfig(4);
  return new QldbDriver(ledgerName, ledger, {}, maxConcurrentTransactions, retryConfig);
}
// #endregion connect

export async function createTable(txn: TransactionExecutor, tableName: string): Promise<number> {
  return (await txn.execute(`CREATE TABLE ${tableName}`)).getResultList().length;
}

export async function createIndex(txn: TransactionExecutor, tableName: string, indexAttribute: string): Promise<number> {
  return (await txn.execute(`CREATE INDEX on ${tableName} (${indexAttribute})`)).getResultList().length;
}

// #region insert
export async function insertDocument(txn: TransactionExecutor, tableName: string, documents: object | object[]): Promise<Result> {
  return txn.execute(`INSERT INTO ${tableName} ?`, documents);
}

/** Inserts the people, then their licenses and registrations pointing at the people's document ids. */
export async function insertSampleDocuments(driver: QldbDriver): Promise<string[]> {
  return driver.executeLambda(async (txn) => {
    const personIds = (await insertDocument(txn, 'Person', PERSON)).getResultList().map((value) => value.get('documentId')!.stringValue()!);
    personIds.forEach((id, i) => {
      DRIVERS_LICENSE[i].PersonId = id;
      if (VEHICLE_REGISTRATION[i]) VEHICLE_REGISTRATION[i].Owners.PrimaryOwner.PersonId = id;
    });
    await Promise.all([
      insertDocument(txn, 'DriversLicense', DRIVERS_LICENSE),
      insertDocument(txn, 'VehicleRegistration', VEHICLE_REGISTRATION),
      insertDocument(txn, 'Vehicle', VEHICLE),
    ]);
    return personIds;
  });
}
// #endregion insert

/** Sets one field to `parameter` and checks the Ion type it reads back with, as the DMV sample's InsertIonTypes. */
async function updateRecordAndVerifyType(txn: TransactionExecutor, parameter: unknown, ionType: IonType): Promise<void> {
  await txn.execute('UPDATE IonTypes SET Name = ?', parameter);
  const values = (await txn.execute('SELECT VALUE Name FROM IonTypes')).getResultList();
  if (values.length === 0) throw new Error('Did not find any values for the Name key.');
  for (const value of values) {
    if (value.getType().binaryTypeId !== ionType.binaryTypeId) {
      throw new Error(`The queried value type, ${value.getType().name}, does not match expected type, ${ionType.name}.`);
    }
  }
}

export async function insertIonTypes(driver: QldbDriver): Promise<void> {
  await driver.executeLambda(async (txn) => {
    await createTable(txn, 'IonTypes');
    await insertDocument(txn, 'IonTypes', [{ Name: 'val' }]);
    await updateRecordAndVerifyType(txn, dom.load('null'), IonTypes.NULL);
    await updateRecordAndVerifyType(txn, true, IonTypes.BOOL);
    await updateRecordAndVerifyType(txn, 1, IonTypes.INT);
    await updateRecordAndVerifyType(txn, 3.2, IonTypes.FLOAT);
    await updateRecordAndVerifyType(txn, dom.load('5.5'), IonTypes.DECIMAL);
    await updateRecordAndVerifyType(txn, dom.load('2020-02-02'), IonTypes.TIMESTAMP);
    await updateRecordAndVerifyType(txn, dom.load('abc123'), IonTypes.SYMBOL);
    await updateRecordAndVerifyType(txn, dom.load('"string"'), IonTypes.STRING);
    await updateRecordAndVerifyType(txn, dom.load('{{ "clob" }}'), IonTypes.CLOB);
    await updateRecordAndVerifyType(txn, dom.load('{{ blob }}'), IonTypes.BLOB);
    await updateRecordAndVerifyType(txn, dom.load('(1 2 3)'), IonTypes.SEXP);
    await updateRecordAndVerifyType(txn, dom.load('[1, 2, 3]'), IonTypes.LIST);
    await updateRecordAndVerifyType(txn, dom.load('{brand: ford}'), IonTypes.STRUCT);
    await txn.execute('DROP TABLE IonTypes');
  });
}

export async function scanTable(txn: TransactionExecutor, tableName: string): Promise<dom.Value[]> {
  return (await txn.execute(`SELECT * FROM ${tableName}`)).getResultList();
}

// #region lookup
export async function getDocumentId(txn: TransactionExecutor, tableName: string, field: string, value: string): Promise<string> {
  const result = await txn.execute(`SELECT id FROM ${tableName} AS t BY id WHERE t.${field} = ?`, value);
  const resultList = result.getResultList();
  if (resultList.length === 0) throw new Error(`Unable to retrieve document ID using ${value}.`);
  return resultList[0].get('id')!.stringValue()!;
}
// #endregion lookup

export async function findVehiclesForOwner(txn: TransactionExecutor, govId: string): Promise<dom.Value[]> {
  const documentId = await getDocumentId(txn, 'Person', 'GovId', govId);
  const query = 'SELECT Vehicle FROM Vehicle INNER JOIN VehicleRegistration AS r ON Vehicle.VIN = r.VIN WHERE r.Owners.PrimaryOwner.PersonId = ?';
  return (await txn.execute(query, documentId)).getResultList();
}

async function findPrimaryOwnerForVehicle(txn: TransactionExecutor, vin: string): Promise<dom.Value> {
  const owner = await txn.execute('SELECT Owners.PrimaryOwner.PersonId FROM VehicleRegistration AS v WHERE v.VIN = ?', vin);
  const personId = owner.getResultList()[0].get('PersonId')!.stringValue()!;
  const person = await txn.execute('SELECT p.* FROM Person AS p BY pid WHERE pid = ?', personId);
  return person.getResultList()[0];
}

/** Moves the vehicle to `newOwner` when `currentOwner` holds it; returns the changed documents' ids. */
export async function transferVehicleOwnership(txn: TransactionExecutor, vin: string, currentOwner: string, newOwner: string): Promise<dom.Value[]> {
  const primaryOwner = await findPrimaryOwnerForVehicle(txn, vin);
  if (primaryOwner.get('GovId')!.stringValue() !== currentOwner) return [];
  const documentId = await getDocumentId(txn, 'Person', 'GovId', newOwner);
  const statement = 'UPDATE VehicleRegistration AS r SET r.Owners.PrimaryOwner.PersonId = ? WHERE r.VIN = ?';
  return (await txn.execute(statement, documentId, vin)).getResultList();
}

export async function isSecondaryOwnerForVehicle(txn: TransactionExecutor, vin: string, secondaryOwnerId: string): Promise<boolean> {
  const result = await txn.execute('SELECT Owners.SecondaryOwners FROM VehicleRegistration AS v WHERE v.VIN = ?', vin);
  return result
    .getResultList()
    .some((value) => value.get('SecondaryOwners')!.elements().some((owner) => owner.get('PersonId')?.stringValue() === secondaryOwnerId));
}

export async function addSecondaryOwner(txn: TransactionExecutor, vin: string, secondaryOwnerId: string): Promise<dom.Value[]> {
  const statement = 'FROM VehicleRegistration AS v WHERE v.VIN = ? INSERT INTO v.Owners.SecondaryOwners VALUE ?';
  return (await txn.execute(statement, vin, { PersonId: secondaryOwnerId })).getResultList();
}

export async function deregisterDriversLicense(txn: TransactionExecutor, licenseNumber: string): Promise<dom.Value[]> {
  return (await txn.execute('DELETE FROM DriversLicense AS d WHERE d.LicenseNumber = ?', licenseNumber)).getResultList();
}

// #region history
export async function previousPrimaryOwners(txn: TransactionExecutor, vin: string, from: Date, to: Date): Promise<dom.Value[]> {
  const documentId = await getDocumentId(txn, 'VehicleRegistration', 'VIN', vin);
  const query =
    'SELECT data.Owners.PrimaryOwner, metadata.version FROM history ' +
    `(VehicleRegistration, \`${from.toISOString()}\`, \`${to.toISOString()}\`) AS h WHERE h.metadata.id = ?`;
  return (await txn.execute(query, documentId)).getResultList();
}
// #endregion history

/** The block addresses and document ids of a registration's committed revisions, as GetRevision's sample looks them up. */
export async function lookupRegistrationForVin(txn: TransactionExecutor, vin: string): Promise<dom.Value[]> {
  const query = 'SELECT blockAddress, metadata.id FROM _ql_committed_VehicleRegistration WHERE data.VIN = ?';
  return (await txn.execute(query, vin)).getResultList();
}
