// The fast Ion text reader against ion-js: on seeded random documents of every Ion type, written by
// the ledger's text writer and by ion-js's compact and pretty writers, and on thousands of inputs
// made from them by deleting, inserting, replacing or cutting characters, whatever the fast reader
// reads is exactly what ion-js reads (same values, same JavaScript types), and what it does not read
// goes to ion-js, so values and refusals of readIonStream stay ion-js's.
import { isDeepStrictEqual } from 'node:util';
import { makePrettyWriter, makeReader, makeTextWriter, type Writer } from 'ion-js';
import { toIon } from './ion-codec';
import { IonFormatError } from './ion-format.error';
import { randomDocument, Random } from './ion-random.fixture';
import { readIonStream, readIonStreamWithIonJs } from './ion-stream-reader';
import { readIonTextFast } from './ion-text-fast-reader';
import type { IonValue } from './ion-value';

const DOCUMENTS = 3_000;
const MUTANTS_PER_TEXT = 6;
/** Characters the mutations insert: Ion's delimiters and operators, escapes, digits, exponents, controls, non-ASCII. */
const INSERTED = [...'{}[]()",\':\\/ \n\t\x0b-+._$eEdDTZxu0179aAnz\x00\x7f\u00a0é😀'];

interface Comparison {
  /** Texts the fast reader read (the others went to ion-js). */
  fast: number;
  /** Texts it read differently from ion-js, or where ion-js refused them: must stay empty. */
  mismatches: string[];
}

/** Reads each text with both readers; a text the fast reader reads must be read by ion-js the same. */
function compare(texts: string[]): Comparison {
  const result: Comparison = { fast: 0, mismatches: [] };
  for (const text of texts) {
    const fast = readIonTextFast(text);
    if (fast === undefined) continue;
    result.fast++;
    const reference = outcome(() => [...readIonStreamWithIonJs(text)]);
    if (!isDeepStrictEqual(fast, reference)) result.mismatches.push(JSON.stringify(text).slice(0, 300));
  }
  return result;
}

function randomDocuments(seed: number): IonValue[] {
  const random = new Random(seed);
  return Array.from({ length: DOCUMENTS }, () => randomDocument(random));
}

/** `document` as ion-js's writer writes it. */
function ionJsText(document: IonValue, writer: Writer): string {
  writer.writeValues(makeReader(toIon(document, 'binary')));
  writer.close();
  return Buffer.from(writer.getBytes()).toString('utf8');
}

/** Copies of `text` with one character deleted, inserted or replaced, or cut short. */
function mutants(text: string, random: Random): string[] {
  return Array.from({ length: MUTANTS_PER_TEXT }, () => {
    const at = random.below(text.length + 1);
    switch (random.below(4)) {
      case 0:
        return text.slice(0, at) + text.slice(at + 1);
      case 1:
        return text.slice(0, at) + random.pick(INSERTED) + text.slice(at);
      case 2:
        return text.slice(0, at) + random.pick(INSERTED) + text.slice(at + 1);
      default:
        return text.slice(0, at);
    }
  });
}

describe('the fast Ion text reader', () => {
  const documents = randomDocuments(20261206);
  const ledgerTexts = documents.map((document) => toIon(document, 'text'));

  it("reads the ledger's text of random documents of every type as ion-js does", () => {
    const { fast, mismatches } = compare(ledgerTexts);
    expect(mismatches).toEqual([]);
    expect(fast).toBeGreaterThan(DOCUMENTS / 3);
  });

  it("reads ion-js's compact and pretty text of the same documents as ion-js does", () => {
    const compact = compare(documents.map((document) => ionJsText(document, makeTextWriter())));
    const pretty = compare(documents.map((document) => ionJsText(document, makePrettyWriter())));
    expect([...compact.mismatches, ...pretty.mismatches]).toEqual([]);
    expect(compact.fast).toBeGreaterThan(DOCUMENTS / 3);
    expect(pretty.fast).toBeGreaterThan(DOCUMENTS / 3);
  });

  it('reads a stream of many top-level values as ion-js does', () => {
    const stream = ledgerTexts.filter((text) => readIonTextFast(text) !== undefined).join('\n');
    expect(readIonTextFast(stream)?.length).toBeGreaterThan(DOCUMENTS / 3);
    expect(isDeepStrictEqual(readIonTextFast(stream), [...readIonStreamWithIonJs(stream)])).toBe(true);
  });

  it('never reads a damaged text otherwise than ion-js, nor one ion-js refuses', () => {
    const random = new Random(7);
    const texts = [...ledgerTexts, ...documents.map((document) => ionJsText(document, makePrettyWriter()))];
    const { fast, mismatches } = compare(texts.flatMap((text) => mutants(text, random)));
    expect(mismatches).toEqual([]);
    expect(fast).toBeGreaterThan(1_000);
  });

  it('reads a block as the ledger exports it (strings, symbols, timestamps, blobs, nested structs and lists)', () => {
    const block =
      '{blockAddress:{strandId:"26UEWuidLoy0W0SchF0oTH",sequenceNo:1},blockTimestamp:2026-12-06T22:41:53.918Z,' +
      'blockHash:{{RF6YfgfscD5QEV585Z1izt5c+hWMZHzOMo2TYu2K6QI=}},transactionInfo:{statements:[{statement:"CREATE TABLE Account"}],' +
      "documents:{'5cofXFUlbLJyjPqLZSj95j':{tableName:\"information_schema.user_tables\",statements:[0]}}},amount:12.50,rate:1.5e0,x:null.int}";
    const values = readIonTextFast(block);
    expect(values).toBeDefined();
    expect(isDeepStrictEqual(values, [...readIonStreamWithIonJs(block)])).toBe(true);
  });

  it('leaves symbol tables, symbol IDs, long strings, clobs, comments and other numbers to ion-js', () => {
    for (const text of ['$ion_symbol_table::{symbols:["a"]} $10', "'''long'''", '{{"clob"}}', '/* note */ 1', '$ion_1_0 1', '(a - 1)', '0x10', '1_000', 'nan']) {
      expect(readIonTextFast(text)).toBeUndefined();
      expect(outcome(() => [...readIonStream(text)])).toEqual(outcome(() => [...readIonStreamWithIonJs(text)]));
    }
  });

  it("refuses malformed text with ion-js's typed error, naming how many values came before it", () => {
    const text = '{a:1} {b:2} {c:';
    expect(readIonTextFast(text)).toBeUndefined();
    const refusal = outcome(() => [...readIonStream(text)]);
    expect(refusal).toBeInstanceOf(IonFormatError);
    expect((refusal as Error).message).toMatch(/^malformed or truncated Ion after \d+ values: /);
    expect(refusal).toEqual(outcome(() => [...readIonStreamWithIonJs(text)]));
  });
});

/** The values `read` returns, or the error it throws. */
function outcome(read: () => IonValue[]): IonValue[] | unknown {
  try {
    return read();
  } catch (error) {
    return error;
  }
}
