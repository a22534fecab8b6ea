// Benchmarks of the Ion layer, each beside the library a user would otherwise call: ionHash against
// ion-hash-js, toIon/fromIon against ion-js, on QLDB's sample vehicle registration, a ~1 KB nested
// revision and a ~1 KB flat account document (the commit benches'); and the Ion hash taken from Ion
// binary bytes against decoding them first and against hashing the value.
import { cryptoHasherProvider, digest, makeHashReader } from 'ion-hash-js';
import { dom, load, makeBinaryWriter, makeReader, makeTextWriter, Reader } from 'ion-js';
import { fromIon, toIon, type IonValue } from 'nestjs-ledger';
import { ionHash, ionHashOfBinary } from 'nestjs-ledger/verify';
import { bestOfInterleaved, compare, figure, measure, section } from '../bench-harness';
import type { BenchSuite } from './index';

/** The document of QLDB's journal block example (seeds/004). */
const VEHICLE = `{
  VIN:"1N4AL11D75C109151", LicensePlateNumber:"LEWISR261LL", State:"WA", City:"Seattle",
  PendingPenaltyTicketAmount:90.25, ValidFromDate:2017-08-21T, ValidToDate:2020-05-11T,
  Owners:{PrimaryOwner:{PersonId:"GddsXfIYfDlKCEprOLOwYt"}, SecondaryOwners:[]}
}`;

/** A committed revision as the journal stores it: address, hash, the vehicle and its owners, metadata. */
const REVISION = `{
  blockAddress:{strandId:"JdxjkR9bSYB5jMHWcI464T", sequenceNo:1234},
  hash:{{t8Hj6/VC4SBitxnvBqJbOmrGytF2XAA/1c0AoSq2NQY=}},
  data:{
    VIN:"1N4AL11D75C109151", LicensePlateNumber:"LEWISR261LL", State:"WA", City:"Seattle",
    PendingPenaltyTicketAmount:90.25, ValidFromDate:2017-08-21T, ValidToDate:2020-05-11T,
    Make:"Nissan", Model:"Altima", Year:2005, Color:"Silver", Mileage:154321, Tags:["fleet","leased",(tier gold)],
    Owners:{
      PrimaryOwner:{PersonId:"GddsXfIYfDlKCEprOLOwYt", FirstName:"Raul", LastName:"Lewis", DOB:1963-08-19T,
        Address:{Street:"1719 University Street", City:"Seattle", State:"WA", Zip:"98109"},
        Licenses:[{Number:"LEWISR261LL", Class:"C", Expires:2027-03-01T00:00:00.000Z}]},
      SecondaryOwners:[
        {PersonId:"IN7MvYtUjkp1GMZu0F6CG9", FirstName:"Brent", LastName:"Logan", DOB:1967-07-03T,
          Address:{Street:"43 Stockert Hollow Road", City:"Everett", State:"WA", Zip:"98203"}},
        {PersonId:"9GIA2mVE4FnATvfS8bA04E", FirstName:"Alexis", LastName:"Pena", DOB:1974-02-10T,
          Address:{Street:"4058 Melrose Street", City:"Spokane Valley", State:"WA", Zip:"99206"}}
      ]
    },
    Inspections:[
      {At:2019-04-02T10:15:00.000Z, Passed:true, Odometer:120044, Fee:35.00, Notes:"brakes ok"},
      {At:2021-04-11T09:03:27.512Z, Passed:false, Odometer:141980, Fee:35.00, Notes:"emissions retest"},
      {At:2021-05-02T14:40:10.004Z, Passed:true, Odometer:142310, Fee:0.00, Notes:null}
    ]
  },
  metadata:{id:"3Qv67yjXEwB9SjmvkuG6Cp", version:3, txTime:2019-06-05T20:53:24.310Z, txId:"9cArhIQV5xf5Tf5vtsPwPq"}
}`;

/** A typical account document of about 1 KB: a few fields and sixteen 48-character attributes. */
function account(): IonValue {
  const document: Record<string, IonValue> = { accountId: 'ACC-1', owner: 'Jane Q. Customer', balance: 1, currency: 'EUR' };
  for (let i = 0; i < 16; i++) document[`attribute${i}`] = `value-${i}-${'x'.repeat(40)}`;
  return document;
}

async function run(): Promise<void> {
  section('Ion');
  const documents: Array<[string, IonValue]> = [
    ['vehicle', fromIon(VEHICLE)],
    ['1 KB revision', fromIon(REVISION)],
    ['1 KB account', account()],
  ];
  for (const [name, value] of documents) await measureDocument(name, value);
  section('Ion hash of Ion binary bytes (best windows, taken in turns)');
  for (const [name, value] of documents) await measureHashOfBinary(name, value);
}

/** H(data) from the bytes a revision is stored as, beside decoding them first and beside hashing the value in hand. */
async function measureHashOfBinary(name: string, value: IonValue): Promise<void> {
  const bytes = toIon(value, 'binary');
  const [fromBytes, decoded, fromValue] = await bestOfInterleaved([
    [`ionHashOfBinary(bytes) (${name})`, () => ionHashOfBinary(bytes)],
    ['ionHash(fromIon(bytes))', () => ionHash(fromIon(bytes))],
    ['ionHash(value)', () => ionHash(value)],
  ]);
  compare(fromBytes, decoded);
  compare(fromBytes, fromValue);
}

async function measureDocument(name: string, value: IonValue): Promise<void> {
  const bytes = toIon(value, 'binary');
  const ionText = toIon(value, 'text');
  const domValue = load(bytes)!;
  figure(`${name} document`, `${bytes.length} bytes Ion binary, ${ionText.length} chars Ion text`);
  checkSameHash(value, bytes);

  compare(
    await measure(`ionHash (${name})`, () => ionHash(value)),
    await measure('ion-hash-js digest(dom value)', () => digest(domValue, 'sha256')),
  );
  compare(
    await measure(`ionHash (${name})`, () => ionHash(value)),
    await measure('ion-hash-js hash reader on bytes', () => hashReaderDigest(bytes)),
  );
  compare(
    await measure(`toIon binary (${name})`, () => toIon(value, 'binary')),
    await measure('ion-js binary writer (dom value)', () => writeWithIonJs(domValue, makeBinaryWriter())),
  );
  compare(
    await measure(`fromIon binary (${name})`, () => fromIon(bytes)),
    await measure('ion-js load(bytes) to dom value', () => load(bytes)),
  );
  compare(
    await measure(`toIon text (${name})`, () => toIon(value, 'text')),
    await measure('ion-js text writer (dom value)', () => writeWithIonJs(domValue, makeTextWriter())),
  );
  compare(
    await measure(`fromIon text (${name})`, () => fromIon(ionText)),
    await measure('ion-js load(text) to dom value', () => load(ionText)),
  );
}

/** The baselines must hash the same bytes to the same digest, or the comparison means nothing. */
function checkSameHash(value: IonValue, bytes: Uint8Array): void {
  const ours = Buffer.from(ionHash(value)).toString('hex');
  const theirs = Buffer.from(hashReaderDigest(bytes)).toString('hex');
  if (ours !== theirs) throw new Error(`ionHash ${ours} differs from ion-hash-js ${theirs}`);
}

function hashReaderDigest(bytes: Uint8Array): Uint8Array {
  const reader = makeHashReader(makeReader(bytes), cryptoHasherProvider('sha256'));
  traverse(reader);
  return reader.digest();
}

function traverse(reader: Reader): void {
  for (let type = reader.next(); type !== null; type = reader.next()) {
    if (type.isContainer && !reader.isNull()) {
      reader.stepIn();
      traverse(reader);
      reader.stepOut();
    }
  }
}

function writeWithIonJs(value: dom.Value, writer: ReturnType<typeof makeBinaryWriter>): Uint8Array {
  value.writeTo(writer);
  writer.close();
  return writer.getBytes();
}

export const ionSuite: BenchSuite = { name: 'ion', run };
