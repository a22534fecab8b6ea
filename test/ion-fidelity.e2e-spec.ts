// Ion type fidelity across the ledger: every Ion type, handed in as ion-js dom values (of this copy
// of ion-js and of a second one), as ion-js Decimal/Timestamp, as plain JavaScript and as the
// library's own values, written through every way a value enters (PartiQL parameters in INSERT and
// UPDATE, a whole document parameter, tx.insert/update, a command's event and aggregate state, a
// projection's SQL parameter) and read back through SELECT, tx.get, history, the journal block,
// the event store and an export: the same Ion value, whose ion-hash-js hash is the stored
// revision's data hash (and, for PartiQL parameters, digested into the statementDigest), or a
// typed refusal with nothing written. ion-js values used for lookups (find, findInRange) too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digest } from 'ion-hash-js';
import { Decimal, dom, Timestamp } from 'ion-js';
import { dot } from '../libs/ledger/src/crypto';
import { Ledger } from '../libs/ledger/src/engine';
import { openTestLedger, removeTempLedgers } from '../libs/ledger/src/engine/test-ledger.fixture';
import { LedgerError } from '../libs/ledger/src/errors';
import {
  Aggregate,
  AggregateRoot,
  aggregateDocumentId,
  CommandBus,
  Event,
  EventHandler,
  EventStore,
  type AggregateRepository,
} from '../libs/ledger/src/event-sourcing';
import { exportJournal } from '../libs/ledger/src/export';
import { readDataFile } from '../libs/ledger/src/export/data-file-reader';
import { fromIon, ionHash, toIon, type IonStructObject, type IonValue } from '../libs/ledger/src/ion';
import { hex, readerOracleHash } from '../libs/ledger/src/ion/ion-hash-oracle.fixture';
import type { Block, Revision } from '../libs/ledger/src/journal';
import '../libs/ledger/src/partiql';
import { On, Projection, Projections, type TransactionalProjectionContext } from '../libs/ledger/src/projections';

/** A second copy of ion-js, as an application that bundles its own would hand values from. */
let foreign: typeof import('ion-js');
jest.isolateModules(() => {
  foreign = require('ion-js');
});

type Form = 'dom' | 'foreign dom' | 'ion-js' | 'foreign ion-js' | 'plain' | 'library';

interface Case {
  /** The Ion value every form stands for. */
  ion: string;
  /** The plain JavaScript value that stands for it, when there is one. */
  plain?: () => unknown;
  /** An ion-js Decimal or Timestamp (own copy given, the foreign one made alike). */
  ionJs?: 'decimal' | 'timestamp';
  /** The dom value, when not dom.load(ion). */
  dom?: (ion: typeof import('ion-js')) => unknown;
}

const TYPED_NULLS = ['bool', 'int', 'float', 'decimal', 'timestamp', 'symbol', 'string', 'clob', 'blob', 'list', 'sexp', 'struct'];

const CASES: Case[] = [
  { ion: 'null', plain: () => null },
  ...TYPED_NULLS.map((type) => ({ ion: `null.${type}` })),
  { ion: 'true', plain: () => true },
  { ion: 'false', plain: () => false },
  { ion: '-42', plain: () => -42 },
  { ion: '9007199254740993', plain: () => 9007199254740993n },
  { ion: '-18446744073709551617', plain: () => -18446744073709551617n },
  { ion: '1152921504606846976', dom: (ion) => ion.dom.Value.from(2 ** 60) },
  { ion: '1152921504606846976e0', plain: () => 2 ** 60 },
  { ion: '1.5e0', plain: () => 1.5 },
  { ion: '1e0' },
  { ion: '-0e0' },
  { ion: 'nan', plain: () => NaN },
  { ion: '+inf', plain: () => Infinity },
  { ion: '-inf', plain: () => -Infinity },
  { ion: '12.50', ionJs: 'decimal' },
  { ion: '1.250d3', ionJs: 'decimal' },
  { ion: '1.2d-7', ionJs: 'decimal' },
  { ion: '-0.', ionJs: 'decimal' },
  { ion: '-0.00', ionJs: 'decimal' },
  { ion: '2020T', ionJs: 'timestamp' },
  { ion: '2020-02T', ionJs: 'timestamp' },
  { ion: '2020-02-02', ionJs: 'timestamp' },
  { ion: '2020-02-02T10:11+05:30', ionJs: 'timestamp' },
  { ion: '2020-02-02T10:11:12-00:00', ionJs: 'timestamp' },
  { ion: '2020-02-02T10:11:12.345678-08:00', ionJs: 'timestamp' },
  { ion: '2020-02-02T10:11:12.345Z', ionJs: 'timestamp', plain: () => new Date('2020-02-02T10:11:12.345Z') },
  { ion: 'sym' },
  { ion: "'two words'" },
  { ion: '"text"', plain: () => 'text' },
  { ion: '{{"clob"}}' },
  { ion: '{{aGVsbG8=}}', plain: () => new Uint8Array([104, 101, 108, 108, 111]) },
  { ion: '[1, "a", [2.5e0]]', plain: () => [1, 'a', [2.5]] },
  { ion: '[]', plain: () => [] },
  { ion: '(a 1)' },
  { ion: '()' },
  { ion: '{a:1, b:{c:"d"}}', plain: () => ({ a: 1, b: { c: 'd' } }) },
  { ion: '{a:1, b:2, a:3}' },
  { ion: 'usd::12.50' },
  { ion: 'a::b::2020-02-02T10:11:12+05:30' },
  { ion: 'a::{{aGk=}}' },
  { ion: 'a::[]' },
  { ion: 'a::()' },
  { ion: 'a::null.int' },
  { ion: 'x::{y:z::[w::1, v::(u::2)]}' },
];

/** The input of `form` for a case, or undefined when the form has none. */
function inputOf(testCase: Case, form: Form): unknown {
  switch (form) {
    case 'dom':
      return testCase.dom ? testCase.dom(require('ion-js')) : dom.load(testCase.ion);
    case 'foreign dom':
      return testCase.dom ? testCase.dom(foreign) : foreign.dom.load(testCase.ion);
    case 'ion-js':
      return ionJsValue(testCase, Decimal, Timestamp);
    case 'foreign ion-js':
      return ionJsValue(testCase, foreign.Decimal, foreign.Timestamp);
    case 'plain':
      return testCase.plain?.();
    case 'library':
      return fromIon(testCase.ion);
  }
}

function ionJsValue(testCase: Case, decimal: typeof Decimal, timestamp: typeof Timestamp): unknown {
  if (testCase.ionJs === 'decimal') return new decimal(...decimalParts(testCase.ion));
  if (testCase.ionJs === 'timestamp') return timestamp.parse(testCase.ion);
  return undefined;
}

function decimalParts(ion: string): [bigint, number, boolean] {
  const value = dom.load(ion)!.decimalValue()!;
  return [value.getCoefficient(), value.getExponent(), value.isNegative()];
}

const FORMS: Form[] = ['dom', 'foreign dom', 'ion-js', 'foreign ion-js', 'plain', 'library'];

/** Every (case, form) that has an input. */
const INPUTS = CASES.flatMap((testCase) =>
  FORMS.filter((form) => form !== 'plain' || testCase.plain)
    .filter((form) => !form.endsWith('ion-js') || testCase.ionJs)
    .map((form) => ({ testCase, form, label: `${testCase.ion} as ${form}` })),
);

/** Asserts that `actual` is the Ion value `ion` (same hash; the Ion text shown when not). */
function expectIon(actual: unknown, ion: string, where: string): void {
  const expected = fromIon(ion);
  const same = hex(ionHash(actual as IonValue)) === hex(ionHash(expected));
  if (!same) expect(`${where}: ${toIon(actual as IonValue, 'text')}`).toBe(`${where}: ${toIon(expected, 'text')}`);
}

// --- the aggregate whose state and event carry the value ------------------------------------------

@Event('ValueHeld')
class ValueHeld {
  constructor(
    readonly k: string,
    readonly v: unknown,
  ) {}
}

@Aggregate('Holder')
class Holder extends AggregateRoot {
  k = '';
  v: unknown = null;

  hold(k: string, v: unknown): void {
    this.apply(new ValueHeld(k, v));
  }

  @EventHandler(ValueHeld)
  onHeld(event: ValueHeld): void {
    this.k = event.k;
    this.v = event.v;
  }
}

class Hold {
  constructor(
    readonly id: string,
    readonly k: string,
    readonly v: unknown,
  ) {}
}

/** A command bus whose Hold command creates a Holder holding the value. */
function holderBus(store: EventStore): CommandBus {
  const holders: AggregateRepository<Holder> = store.repository(Holder);
  const bus = new CommandBus();
  bus.register(Hold, async (command: Hold) => (await holders.create(command.id)).hold(command.k, command.v), store);
  return bus;
}

/** Binds each event's value, as the form it was handed in as, as an SQL parameter; records refusals. */
@Projection('fidelity', { delivery: 'exactly-once', batchSize: 1000, retry: { attempts: 1, backoffMs: 1 } })
class SqlParameters {
  readonly refused = new Map<string, unknown>();

  constructor(private readonly inputs: Map<string, unknown>) {}

  async prepare({ query }: { query: TransactionalProjectionContext['query'] }): Promise<void> {
    await query('CREATE TABLE IF NOT EXISTS fidelity (k TEXT PRIMARY KEY, v)');
  }

  @On(ValueHeld)
  async held(event: ValueHeld, { query }: TransactionalProjectionContext): Promise<void> {
    try {
      await query('INSERT INTO fidelity (k, v) VALUES (?, ?)', [event.k, this.inputs.get(event.k)]);
    } catch (error) {
      this.refused.set(event.k, error);
    }
  }
}

// --- the write paths --------------------------------------------------------------------------------

interface Written {
  documentId: string;
  /** The statement that took the value as a parameter, and the order of its parameters. */
  statement?: { text: string; parameters: Array<'k' | 'v'> };
  /** The document as sent, for ion-hash-js (undefined: build it from k and the case's Ion text). */
  sentDom?: unknown;
}

type WritePath = (ledger: Ledger, k: string, v: unknown, form: Form) => Promise<Written>;

const TABLE = 'Fidelity';

const WRITE_PATHS: Record<string, WritePath> = {
  'PartiQL INSERT parameter': async (ledger, k, v) => {
    const text = `INSERT INTO ${TABLE} {'k': ?, 'v': ?}`;
    return { documentId: (await ledger.query<{ documentId: string }>(text, k, v as IonValue))[0].documentId, statement: { text, parameters: ['k', 'v'] } };
  },
  'PartiQL UPDATE parameter': async (ledger, k, v) => {
    const [{ documentId }] = await ledger.query<{ documentId: string }>(`INSERT INTO ${TABLE} {'k': ?}`, k);
    const text = `UPDATE ${TABLE} SET v = ? WHERE k = ?`;
    await ledger.query(text, v as IonValue, k);
    return { documentId, statement: { text, parameters: ['v', 'k'] } };
  },
  'PartiQL document parameter': async (ledger, k, v, form) => {
    const document = wholeDocument(k, v, form);
    return { documentId: (await ledger.query<{ documentId: string }>(`INSERT INTO ${TABLE} ?`, document as IonValue))[0].documentId, sentDom: form.endsWith('dom') ? document : undefined };
  },
  'tx.insert': async (ledger, k, v) => ({ documentId: await ledger.execute((tx) => tx.insert(TABLE, { k, v: v as IonValue })) }),
  'tx.update': async (ledger, k, v) => {
    const documentId = await ledger.execute((tx) => tx.insert(TABLE, { k }));
    await ledger.execute((tx) => tx.update(TABLE, documentId, { k, v: v as IonValue }));
    return { documentId };
  },
};

/** The whole document: a dom.Struct (of the form's copy of ion-js) for the dom forms, a plain object otherwise. */
function wholeDocument(k: string, v: unknown, form: Form): unknown {
  if (form === 'dom') return new dom.Struct([['k', dom.Value.from(k)], ['v', v as dom.Value]]);
  if (form === 'foreign dom') return new foreign.dom.Struct([['k', foreign.dom.Value.from(k)], ['v', v as dom.Value]]);
  return { k, v };
}

/** ion-hash-js's hash of the document sent: of the dom value itself, else of its Ion text. */
function sentHash(written: Written, k: string, testCase: Case): Uint8Array {
  if (written.sentDom instanceof dom.Value) return digest(written.sentDom, 'sha256');
  if (written.sentDom) return readerOracleHash(foreign.dumpBinary(written.sentDom as dom.Value));
  return readerOracleHash(`{k:${JSON.stringify(k)}, v:${testCase.ion}}`);
}

/** ion-hash-js's hash of the value sent: of a dom value itself (through its own ion-js copy), else of the case's Ion text. */
function valueHash(v: unknown, testCase: Case): Uint8Array {
  if (v instanceof dom.Value) return digest(v, 'sha256');
  if (v instanceof foreign.dom.Value) return readerOracleHash(foreign.dumpBinary(v));
  return readerOracleHash(testCase.ion);
}

/** The statementDigest of a statement with parameters: dot(…dot(H(statement), H(p1))…, H(pn)), each H by ion-hash-js. */
function statementDigest(text: string, parameters: Uint8Array[]): Uint8Array {
  return parameters.reduce((digest, parameter) => dot(digest, parameter), readerOracleHash(JSON.stringify(text)));
}

function dataHash(revision: Revision): Uint8Array {
  return revision.data ? ionHash(revision.data) : revision.dataHash!;
}

const REFUSED = 'refused';

/**
 * How SQLite holds a projection's SQL parameter, by Ion value: [typeof(v), CAST(v AS TEXT)], or
 * refused (containers and annotated values have no SQL value). The driver binds numbers as REAL
 * and bigints as INTEGER. Booleans, NaN and ints beyond 64 bits are left out: SQLite binds no
 * booleans, stores NaN as NULL and holds 64-bit ints.
 */
const SQL_VALUES: Record<string, [string, string | null] | typeof REFUSED> = {
  null: ['null', null],
  ...Object.fromEntries(TYPED_NULLS.map((type) => [`null.${type}`, ['null', null]])),
  '-42': ['real', '-42.0'],
  '9007199254740993': ['integer', '9007199254740993'],
  '1152921504606846976': ['integer', '1152921504606846976'],
  '1152921504606846976e0': ['real', '1.152921504606847e+18'],
  '1.5e0': ['real', '1.5'],
  '1e0': ['real', '1.0'],
  '-0e0': ['real', '0.0'],
  '+inf': ['real', 'Inf'],
  '-inf': ['real', '-Inf'],
  '12.50': ['text', '12.50'],
  '1.250d3': ['text', '1250'],
  '1.2d-7': ['text', '1.2E-7'],
  '-0.': ['text', '-0'],
  '-0.00': ['text', '-0.00'],
  '2020T': ['text', '2020T'],
  '2020-02T': ['text', '2020-02T'],
  '2020-02-02': ['text', '2020-02-02T'],
  '2020-02-02T10:11+05:30': ['text', '2020-02-02T10:11+05:30'],
  '2020-02-02T10:11:12-00:00': ['text', '2020-02-02T10:11:12-00:00'],
  '2020-02-02T10:11:12.345678-08:00': ['text', '2020-02-02T10:11:12.345678-08:00'],
  '2020-02-02T10:11:12.345Z': ['text', '2020-02-02T10:11:12.345Z'],
  sym: ['text', 'sym'],
  "'two words'": ['text', 'two words'],
  '"text"': ['text', 'text'],
  '{{"clob"}}': ['blob', 'clob'],
  '{{aGVsbG8=}}': ['blob', 'hello'],
  ...Object.fromEntries(CASES.filter((c) => /^[[({]|::/.test(c.ion) && !c.ion.startsWith('{{')).map((c) => [c.ion, REFUSED])),
};

let keys = 0;
const nextKey = () => `k${keys++}`;

describe('Ion fidelity: every Ion type, in every form, through every write path and every read path', () => {
  let ledger: Ledger;
  let directory: string;
  /** Every document written: what to check in the export at the end. */
  const exported: Array<{ documentId: string; ion: string; label: string }> = [];
  /** The Ion value each command's event carries, by its key. */
  const expected = new Map<string, string>();

  beforeAll(async () => {
    ledger = await openTestLedger();
    await ledger.query(`CREATE TABLE ${TABLE}`);
    directory = mkdtempSync(join(tmpdir(), 'ion-fidelity-'));
  });

  afterAll(async () => {
    await ledger.close();
    rmSync(directory, { recursive: true, force: true });
    await removeTempLedgers();
  });

  describe.each(Object.entries(WRITE_PATHS))('%s', (_path, write) => {
    it.each(INPUTS)('$label', async ({ testCase, form, label }) => {
      const k = nextKey();
      const input = inputOf(testCase, form);
      const written = await write(ledger, k, input, form);
      const where = (read: string) => `${label}, read by ${read}`;
      expectIon((await ledger.query<IonStructObject>(`SELECT * FROM ${TABLE} WHERE k = ?`, k))[0].v, testCase.ion, where('SELECT'));
      const [current, history] = await ledger.execute(async (tx) => [await tx.get(TABLE, written.documentId), await tx.history(TABLE, { documentId: written.documentId })] as const);
      expectIon(current!.data.v, testCase.ion, where('tx.get'));
      const revision = history[history.length - 1];
      expectIon(revision.data!.v, testCase.ion, where('history'));
      const { sequenceNo } = revision.blockAddress!;
      const [block] = await ledger.readBlocks(sequenceNo, sequenceNo);
      const stored = block.revisions!.find((r) => r.metadata?.id === written.documentId)!;
      expectIon(stored.data!.v, testCase.ion, where('the journal block'));
      const hash = sentHash(written, k, testCase);
      expect(hex(dataHash(stored))).toBe(hex(hash));
      expect(hex(stored.hash)).toBe(hex(dot(ionHash(stored.metadata as unknown as IonValue), hash)));
      if (written.statement) {
        const { text, parameters } = written.statement;
        const recorded = block.transactionInfo.statements.find((s) => s.statement === text)!;
        const hashes = parameters.map((p) => (p === 'k' ? readerOracleHash(JSON.stringify(k)) : valueHash(input, testCase)));
        expect(hex(recorded.statementDigest)).toBe(hex(statementDigest(text, hashes)));
      }
      exported.push({ documentId: written.documentId, ion: testCase.ion, label });
    });
  });

  describe('a command: its event payload and the aggregate state', () => {
    let store: EventStore;
    let bus: CommandBus;
    const inputs = new Map<string, unknown>();

    beforeAll(() => {
      store = new EventStore(ledger);
      bus = holderBus(store);
    });

    it.each(INPUTS)('$label', async ({ testCase, form, label }) => {
      const k = nextKey();
      const input = inputOf(testCase, form);
      inputs.set(k, input);
      expected.set(k, testCase.ion);
      const id = k.padStart(22, '0');
      const outcome = await bus.dispatch(new Hold(id, k, input));
      const block = outcome.block!;
      const documentId = aggregateDocumentId('Holder', id);
      const revision = block.revisions!.find((r) => r.metadata?.id === documentId)!;
      expectIon(revision.data!.v, testCase.ion, `${label}: the aggregate's revision`);
      expect(hex(dataHash(revision))).toBe(hex(readerOracleHash(`{k:"${k}", v:${testCase.ion}}`)));
      expectIon((block.events![0] as IonStructObject & { payload: IonStructObject }).payload.v, testCase.ion, `${label}: the block's event`);
      const [state] = await ledger.query<IonStructObject>('SELECT * FROM Holder BY d WHERE d = ?', documentId);
      expectIon(state.v, testCase.ion, `${label}: SELECT of the aggregate`);
      expectIon((outcome.events[0].payload as IonStructObject).v, testCase.ion, `${label}: the recorded event`);
      exported.push({ documentId, ion: testCase.ion, label: `${label} (aggregate)` });
    });

    it('the recorded events read back from the store carry every value', async () => {
      for await (const event of store.events()) {
        const payload = event.payload as IonStructObject;
        expectIon(payload.v, expected.get(payload.k as string)!, `${String(payload.k)}: store.events()`);
      }
    });

    it('a projection binds each value as the SQL value of its Ion value, or refuses it with nothing written', async () => {
      const projection = new SqlParameters(inputs);
      const projections = new Projections(store, { logger: { log() {}, warn() {}, error() {} } });
      projections.register(projection);
      projections.start();
      await projections.caughtUp('fidelity');
      await projections.stop();
      const rows = await ledger.readDatabase((query) => query<{ k: string; type: string; text: string | null }>('SELECT k, typeof(v) AS type, CAST(v AS TEXT) AS text FROM fidelity'));
      const byKey = new Map(rows.map((row) => [row.k, [row.type, row.text]]));
      for (const [k, ion] of expected) {
        const sql = SQL_VALUES[ion];
        if (sql === REFUSED) {
          expect({ ion, written: byKey.get(k), refused: projection.refused.get(k) }).toEqual({ ion, written: undefined, refused: expect.any(LedgerError) });
        } else if (sql !== undefined) {
          expect({ ion, value: byKey.get(k) }).toEqual({ ion, value: sql });
        }
      }
    });
  });

  describe('values that are not Ion are refused with a typed error, and nothing is written', () => {
    let existing: { k: string; documentId: string };
    let bus: CommandBus;

    beforeAll(async () => {
      bus = holderBus(new EventStore(ledger));
      const k = nextKey();
      existing = { k, documentId: await ledger.execute((tx) => tx.insert(TABLE, { k })) };
    });

    const refusingPaths: Record<string, (bad: unknown, k: string) => Promise<unknown>> = {
      'PartiQL INSERT parameter': (bad, k) => ledger.query(`INSERT INTO ${TABLE} {'k': ?, 'v': ?}`, k, bad as IonValue),
      'PartiQL UPDATE parameter': (bad) => ledger.query(`UPDATE ${TABLE} SET v = ? WHERE k = ?`, bad as IonValue, existing.k),
      'PartiQL document parameter': (bad, k) => ledger.query(`INSERT INTO ${TABLE} ?`, { k, v: bad as IonValue }),
      'tx.insert': (bad, k) => ledger.execute((tx) => tx.insert(TABLE, { k, v: bad as IonValue })),
      'tx.update': (bad, k) => ledger.execute((tx) => tx.update(TABLE, existing.documentId, { k, v: bad as IonValue })),
      'a command (event and state)': (bad, k) => bus.dispatch(new Hold(k.padStart(22, '0'), k, bad)),
    };
    const circular: unknown[] = [];
    circular.push(circular);
    const badValues: Record<string, () => unknown> = {
      'a function in a list': () => [1, () => 1],
      'undefined in a list': () => [undefined],
      'a JavaScript symbol': () => Symbol('s'),
      'a boxed number': () => new Number(1),
      'a class instance': () => new (class Money {})(),
      'an invalid Date': () => new Date(NaN),
      'a circular list': () => circular,
      'a dom.Integer holding 1.5': () => new dom.Integer(1.5),
      'a dom value inside a foreign dom list holding a function': () => [dom.load('[1]'), { f: () => 1 }],
    };
    const cells = Object.entries(refusingPaths).flatMap(([path, write]) => Object.entries(badValues).map(([bad, make]) => ({ label: `${bad} through ${path}`, write, make })));

    it.each(cells)('$label', async ({ write, make }) => {
      const k = nextKey();
      const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
      const error = await write(make(), k).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(LedgerError);
      expect((error as Error).message).toMatch(/ at \$/);
      expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(tip);
      expect(await ledger.query(`SELECT * FROM ${TABLE} WHERE k = ?`, k)).toEqual([]);
    });

    it.each([
      ['an annotated document', () => dom.load('a::{k:"x"}')],
      ['a document repeating a field', () => dom.load('{k:"x", k:"y"}')],
      ['a string as document', () => dom.load('"x"')],
    ])('%s is refused as a whole document', async (_name, make) => {
      const tip = (await ledger.getDigest()).digestTipAddress.sequenceNo;
      await expect(ledger.query(`INSERT INTO ${TABLE} ?`, make() as IonValue)).rejects.toBeInstanceOf(LedgerError);
      await expect(ledger.execute((tx) => tx.insert(TABLE, make() as unknown as IonStructObject))).rejects.toBeInstanceOf(LedgerError);
      expect((await ledger.getDigest()).digestTipAddress.sequenceNo).toBe(tip);
    });
  });

  it('ion-js values look up as the Ion values they are: tx.find criteria, findInRange bounds finer than a millisecond', async () => {
    await ledger.query('CREATE TABLE Ranged');
    await ledger.query('CREATE INDEX ON Ranged (t)');
    const times = ['2020-02-02T10:11:12.0001Z', '2020-02-02T10:11:12.0009Z', '2020-02-02T10:11:12.002Z'];
    for (const t of times) await ledger.query('INSERT INTO Ranged ?', dom.load(`{t: ${t}, name: "${t}"}`) as IonValue);
    const bound = (t: string) => ({ value: dom.load(t) as IonValue, inclusive: true });
    const names = await ledger.execute(async (tx) => (await tx.findInRange('Ranged', 't', { lower: bound('2020-02-02T10:11:12.0005Z'), upper: bound('2020-02-02T10:11:12.0015Z') })).map((d) => d.data.name));
    expect(names).toEqual([times[1]]);
    const found = await ledger.execute((tx) => tx.find('Ranged', { t: dom.load(times[0]) as IonValue }));
    expect(found.map((d) => d.data.name)).toEqual([times[0]]);
  });

  it('an export holds every value written, hashed as sent', async () => {
    const result = await exportJournal(ledger, directory);
    const revisions = new Map<string, Revision>();
    const events = new Map<string, IonValue>();
    for (const key of result.keys) {
      for (const block of readDataFile(join(directory, key), 'ion-text') as Iterable<Block>) {
        for (const revision of block.revisions ?? []) revisions.set(revision.metadata!.id, revision);
        for (const event of block.events ?? []) events.set((event.payload as IonStructObject).k as string, (event.payload as IonStructObject).v as IonValue);
      }
    }
    for (const { documentId, ion, label } of exported) expectIon(revisions.get(documentId)!.data!.v, ion, `${label}: the export`);
    expect(events.size).toBe(expected.size);
    for (const [k, ion] of expected) expectIon(events.get(k), ion, `${k}: the exported event`);
  });
});
