// Code written for the QLDB driver and QLDB's verification samples (test/docs/examples/qldb-dmv)
// run against nestjs-ledger/qldb-driver with only the import and constructor options changed: the
// DMV tutorial's steps in order, results read as ion-js dom values, and every revision and block
// it touched verified against a digest with the samples' own proof folding. Runs on SQLite, and on
// PostgreSQL in the postgres project.
import { Ledger } from 'nestjs-ledger';
import { QLDB, type QldbDriver } from 'nestjs-ledger/qldb-driver';
import { dom, IonTypes } from 'ion-js';
import { removeTempLedgers, storageAt, tempLedgerPath } from '../../libs/ledger/src/engine/test-ledger.fixture';
import { DRIVERS_LICENSE, PERSON, VEHICLE } from '../docs/examples/qldb-dmv/dmv-sample-data';
import {
  addSecondaryOwner,
  createIndex,
  createQldbDriver,
  createTable,
  deregisterDriversLicense,
  findVehiclesForOwner,
  getDocumentId,
  insertIonTypes,
  insertSampleDocuments,
  isSecondaryOwnerForVehicle,
  lookupRegistrationForVin,
  previousPrimaryOwners,
  scanTable,
  TABLES,
  transferVehicleOwnership,
} from '../docs/examples/qldb-dmv/dmv-sample';
import { blockAddressToValueHolder, verifyBlock, verifyRevisions } from '../docs/examples/qldb-dmv/dmv-verifier';

const LEDGER_NAME = 'vehicle-registration';
const VIN = VEHICLE[0].VIN;

describe('QLDB driver code (the DMV tutorial) on nestjs-ledger/qldb-driver', () => {
  let ledger: Ledger;
  let driver: QldbDriver;
  let qldbClient: QLDB;
  let personIds: string[];

  beforeAll(async () => {
    ledger = await Ledger.open({ name: LEDGER_NAME, storage: storageAt(tempLedgerPath('dmv')) });
    driver = createQldbDriver(LEDGER_NAME, ledger);
    qldbClient = new QLDB({ ledger });
  });
  afterAll(async () => {
    await driver.close();
    await ledger.close();
    await removeTempLedgers();
  });

  it('CreateTable and CreateIndex, started together in one transaction as the tutorial does', async () => {
    const created = await driver.executeLambda((txn) => Promise.all(TABLES.map((table) => createTable(txn, table))));
    expect(created).toEqual([1, 1, 1, 1]);
    const indexes = await driver.executeLambda((txn) =>
      Promise.all([
        createIndex(txn, 'Person', 'GovId'),
        createIndex(txn, 'Vehicle', 'VIN'),
        createIndex(txn, 'VehicleRegistration', 'VIN'),
        createIndex(txn, 'VehicleRegistration', 'LicensePlateNumber'),
        createIndex(txn, 'DriversLicense', 'PersonId'),
        createIndex(txn, 'DriversLicense', 'LicenseNumber'),
      ]),
    );
    expect(indexes).toEqual([1, 1, 1, 1, 1, 1]);
    expect((await driver.getTableNames()).sort()).toEqual([...TABLES].sort());
  });

  it('InsertDocument: lists of plain documents, their document ids read with get().stringValue()', async () => {
    personIds = await insertSampleDocuments(driver);
    expect(personIds).toHaveLength(PERSON.length);
    expect(personIds.every((id) => /^[0-9A-Za-z]{22}$/.test(id))).toBe(true);
  });

  it('InsertIonTypes: every Ion type as a parameter reads back with its type, in one transaction', async () => {
    await expect(insertIonTypes(driver)).resolves.toBeUndefined();
    expect(await driver.getTableNames()).not.toContain('IonTypes');
  });

  it('ScanTable: every table of getTableNames scanned, Dates read back as timestamps and the Decimal as a decimal', async () => {
    for (const tableName of await driver.getTableNames()) {
      const documents = await driver.executeLambda((txn) => scanTable(txn, tableName));
      expect(documents.length).toBeGreaterThan(0);
    }
    const [registration] = await driver.executeLambda((txn) => txn.execute("SELECT * FROM VehicleRegistration WHERE VIN = ?", VIN).then((r) => r.getResultList()));
    expect(registration.get('ValidFromDate')!.getType()).toBe(IonTypes.TIMESTAMP);
    expect(registration.get('PendingPenaltyTicketAmount')!.ionEquals(dom.load('90.25')!)).toBe(true);
  });

  it('FindVehicles: an inner join on a person’s document id', async () => {
    const vehicles = await driver.executeLambda((txn) => findVehiclesForOwner(txn, PERSON[0].GovId));
    expect(vehicles.map((value) => value.get('Vehicle', 'VIN')!.stringValue())).toEqual([VIN]);
  });

  it('TransferVehicleOwnership: the primary owner changes when the current owner is right, not otherwise', async () => {
    const refused = await driver.executeLambda((txn) => transferVehicleOwnership(txn, VIN, PERSON[2].GovId, PERSON[1].GovId));
    expect(refused).toEqual([]);
    const changed = await driver.executeLambda((txn) => transferVehicleOwnership(txn, VIN, PERSON[0].GovId, PERSON[1].GovId));
    expect(changed).toHaveLength(1);
    expect(changed[0].get('documentId')!.stringValue()).toEqual(await driver.executeLambda((txn) => getDocumentId(txn, 'VehicleRegistration', 'VIN', VIN)));
  });

  it('AddSecondaryOwner: a nested INSERT INTO a list, found afterwards through elements()', async () => {
    const vin = VEHICLE[1].VIN;
    const added = await driver.executeLambda(async (txn) => {
      const ownerId = await getDocumentId(txn, 'Person', 'GovId', PERSON[2].GovId);
      return (await isSecondaryOwnerForVehicle(txn, vin, ownerId)) ? [] : addSecondaryOwner(txn, vin, ownerId);
    });
    expect(added).toHaveLength(1);
    expect(await driver.executeLambda((txn) => isSecondaryOwnerForVehicle(txn, vin, personIds[2]))).toBe(true);
  });

  it('DeregisterDriversLicense: a DELETE returns the document id once, then nothing', async () => {
    const licenseNumber = DRIVERS_LICENSE[1].LicenseNumber;
    expect(await driver.executeLambda((txn) => deregisterDriversLicense(txn, licenseNumber))).toHaveLength(1);
    expect(await driver.executeLambda((txn) => deregisterDriversLicense(txn, licenseNumber))).toEqual([]);
  });

  it('QueryHistory: the registration’s revisions between two timestamps, each with its primary owner', async () => {
    const from = new Date(Date.now() - 90 * 24 * 3600 * 1000);
    const history = await driver.executeLambda((txn) => previousPrimaryOwners(txn, VIN, from, new Date(Date.now() + 60_000)));
    expect(history.map((value) => [value.get('version')!.numberValue(), value.get('PrimaryOwner', 'PersonId')!.stringValue()])).toEqual([
      [0, personIds[0]],
      [1, personIds[1]],
    ]);
  });

  it('GetDigest and GetRevision: every revision of the registration verifies with the sample’s folding; a flipped bit does not', async () => {
    const committed = await driver.executeLambda((txn) => lookupRegistrationForVin(txn, VIN));
    expect(await verifyRevisions(qldbClient, LEDGER_NAME, committed)).toBe(1);
    const history = 'SELECT h.blockAddress, h.metadata.id FROM history(VehicleRegistration) AS h WHERE h.data.VIN = ?';
    const revisions = await driver.executeLambda(async (txn) => (await txn.execute(history, VIN)).getResultList());
    expect(await verifyRevisions(qldbClient, LEDGER_NAME, revisions)).toBe(2);
  });

  it('GetBlock: each block holding the registration verifies against a digest; a flipped bit in digest or block hash does not', async () => {
    const history = 'SELECT h.blockAddress FROM history(VehicleRegistration) AS h WHERE h.data.VIN = ?';
    const revisions = await driver.executeLambda(async (txn) => (await txn.execute(history, VIN)).getResultList());
    expect(revisions).toHaveLength(2);
    for (const revision of revisions) await expect(verifyBlock(qldbClient, LEDGER_NAME, blockAddressToValueHolder(revision))).resolves.toBeUndefined();
  });

  it('the journal those steps wrote verifies whole', async () => {
    expect((await ledger.verify()).valid).toBe(true);
  });
});
