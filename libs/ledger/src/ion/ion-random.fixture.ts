// Seeded random Ion documents in the ledger's value model for property tests: every Ion type and
// the edge cases of ledger-format.md §2 (big ints, -0, nan, decimals with negative zero and large
// exponents, timestamps of every precision and offset, marker bytes in text, repeated field names).
import {
  Decimal,
  IonAnnotated,
  IonClob,
  IonFloat,
  IonSexp,
  IonStruct,
  IonStructObject,
  IonSymbol,
  IonTypedNull,
  IonTypeName,
  IonValue,
  Timestamp,
} from './ion-value';

/** xorshift32: a deterministic pseudo-random source. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** An integer in [0, 2^32). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.next() / 0x1_0000_0000) * n);
  }

  chance(p: number): boolean {
    return this.next() / 0x1_0000_0000 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  bytes(length: number): Uint8Array {
    return Uint8Array.from({ length }, () => this.below(256));
  }
}

export interface RandomOptions {
  /** Include symbols with unknown text (ion-js and ion-hash-js cannot take them). */
  unknownSymbols?: boolean;
  /** Deepest container nesting. */
  maxDepth?: number;
}

const TYPE_NAMES: IonTypeName[] = [
  'bool', 'int', 'float', 'decimal', 'timestamp', 'symbol', 'string', 'clob', 'blob', 'list', 'sexp', 'struct',
];
const MARKERS = '\x0b\x0c\x0e';
const TEXT_POOL = [
  '', ' ', 'a', 'VIN', 'null', 'true', 'nan', '$ion', '$ion_1_0', '$10', "it's", 'back\\slash', '"quoted"',
  MARKERS, `x${MARKERS}y`, 'é', 'naïve café', '日本語', '😀', 'a😀b', '\u0000\u0001\u007f', 'tab\there', 'line\nbreak',
  'PendingPenaltyTicketAmount', '__proto__', 'constructor', 'toString', '1', '42', 'hellohellohel', 'hellohellohell',
];
const FIELD_POOL = ['a', 'b', 'c', 'id', 'VIN', 'Owners', 'data', 'metadata', '', '1', '__proto__', 'toString', MARKERS, 'é'];

/** A random document; never a top-level `$ion_1_0` symbol, which toIon refuses (it reads back as a version marker). */
export function randomDocument(random: Random, options: RandomOptions = {}): IonValue {
  const generator = new Generator(random, options);
  for (;;) {
    const document = generator.value(0);
    const symbol = document instanceof IonAnnotated ? document.value : document;
    if (!(symbol instanceof IonSymbol && symbol.text === '$ion_1_0')) return document;
  }
}

class Generator {
  constructor(
    private readonly random: Random,
    private readonly options: RandomOptions,
  ) {}

  value(depth: number): IonValue {
    const { random } = this;
    const containers = depth < (this.options.maxDepth ?? 4);
    const choice = random.below(containers ? 22 : 16);
    switch (choice) {
      case 0:
        return random.chance(0.5) ? null : new IonTypedNull(random.pick(TYPE_NAMES));
      case 1:
        return random.chance(0.5);
      case 2:
      case 3:
        return this.int();
      case 4:
      case 5:
        return this.float();
      case 6:
        return this.decimal();
      case 7:
      case 8:
        return this.timestamp();
      case 9:
        return this.date();
      case 10:
        return this.symbol();
      case 11:
      case 12:
        return this.text();
      case 13:
        return random.chance(0.5) ? random.bytes(random.below(140)) : Buffer.from(random.bytes(random.below(20)));
      case 14:
        return new IonClob(random.bytes(random.below(140)));
      case 15:
        return new IonAnnotated(this.annotations(), this.unannotated(depth + 1));
      case 16:
      case 17:
        return this.items(depth);
      case 18:
        return new IonSexp(this.items(depth));
      case 19:
      case 20:
        return this.struct(depth);
      default:
        return this.fieldList(depth);
    }
  }

  private unannotated(depth: number): IonValue {
    for (;;) {
      const value = this.value(depth);
      if (!(value instanceof IonAnnotated)) return value;
    }
  }

  private int(): number | bigint {
    const { random } = this;
    switch (random.below(6)) {
      case 0:
        return random.below(300) - 150;
      case 1:
        return random.pick([0, -0, 1, -1, 127, 128, 255, 256, 65535, 2 ** 31, -(2 ** 31), 2 ** 32]);
      case 2:
        return random.pick([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 48, -(2 ** 48) - 1]);
      case 3:
        return BigInt(random.below(1000)) - 500n;
      case 4:
        return random.pick([2n ** 53n, -(2n ** 53n), 2n ** 63n, -(2n ** 63n), 2n ** 64n, -(2n ** 64n) - 1n]);
      default: {
        const big = BigInt(`0x${Buffer.from(random.bytes(1 + random.below(40))).toString('hex')}`);
        return random.chance(0.5) ? -big : big;
      }
    }
  }

  private float(): number | IonFloat {
    const { random } = this;
    switch (random.below(5)) {
      case 0:
        return random.pick([0.5, -0.5, 0.1, 1 / 3, 90.25, 1e21, -1e300, 5e-324, 2.2250738585072014e-308, NaN, Infinity, -Infinity]);
      case 1:
        return new IonFloat(random.pick([0, -0, 1, -1, 5000, 2 ** 52, 0.5, NaN]));
      case 2:
        return (random.below(2_000_000) - 1_000_000) / 1024;
      default: {
        const view = new DataView(random.bytes(8).buffer);
        const value = view.getFloat64(0);
        return Number.isSafeInteger(value) ? new IonFloat(value) : value;
      }
    }
  }

  private decimal(): Decimal {
    const { random } = this;
    if (random.chance(0.3)) {
      return new Decimal(random.pick(['0', '-0', '0d5', '-0d-3', '0.000', '-0.0', '1.', '1.0', '90.25', '5d300', '-500d-300', '1d-1000']));
    }
    const digits = Array.from({ length: 1 + random.below(40) }, () => random.below(10)).join('');
    const exponent = random.chance(0.8) ? random.below(41) - 30 : random.below(801) - 400;
    return new Decimal(`${random.chance(0.5) ? '-' : ''}${digits}d${exponent}`);
  }

  /** A timestamp of random precision and offset (never 59.9995 s or more: see the ion-js rounding test). */
  private timestamp(): Timestamp {
    const { random } = this;
    for (;;) {
      const year = random.chance(0.1) ? random.pick([1, 2, 99, 100, 999, 1000, 9999]) : 1900 + random.below(250);
      const month = 1 + random.below(12);
      const day = 1 + random.below(28);
      const precision = random.below(5);
      let text = String(year).padStart(4, '0');
      if (precision === 0) text += 'T';
      else if (precision === 1) text += `-${pad(month)}T`;
      else if (precision === 2) text += `-${pad(month)}-${pad(day)}${random.chance(0.5) ? 'T' : ''}`;
      else {
        text += `-${pad(month)}-${pad(day)}T${pad(random.below(24))}:${pad(random.below(60))}`;
        if (precision === 4) text += `:${pad(random.below(60))}${this.fraction()}`;
        text += this.offset();
      }
      try {
        const parsed = Timestamp.parse(text);
        if (parsed && !roundsUpPastTheMinute(text)) return parsed;
      } catch {
        // Out of range once shifted to UTC (year 0 or 10000): draw again.
      }
    }
  }

  private fraction(): string {
    const { random } = this;
    if (random.chance(0.3)) return '';
    if (random.chance(0.2)) return random.pick(['.0', '.000', '.000000', '.5', '.999', '.001', '.123456789']);
    return `.${Array.from({ length: 1 + random.below(20) }, () => random.below(10)).join('')}`;
  }

  private offset(): string {
    const { random } = this;
    switch (random.below(4)) {
      case 0:
        return 'Z';
      case 1:
        return '-00:00';
      case 2:
        return random.pick(['+00:00', '+23:59', '-23:59', '+05:30', '-12:34']);
      default:
        return `${random.chance(0.5) ? '+' : '-'}${pad(random.below(24))}:${pad(random.below(60))}`;
    }
  }

  private date(): Date {
    const { random } = this;
    const min = Date.UTC(1, 0, 1) + 86_400_000 * 366;
    const max = Date.UTC(9999, 11, 31);
    if (random.chance(0.2)) return new Date(random.pick([0, Date.UTC(2017, 7, 21), -1, 1, 999]));
    return new Date(min + Math.floor((random.next() / 0x1_0000_0000) * (max - min)));
  }

  private symbol(): IonSymbol {
    const { random } = this;
    if (this.options.unknownSymbols && random.chance(0.2)) return new IonSymbol(null);
    return new IonSymbol(random.chance(0.5) ? random.pick(TEXT_POOL) : this.text());
  }

  private text(): string {
    const { random } = this;
    if (random.chance(0.4)) return random.pick(TEXT_POOL);
    const length = random.chance(0.1) ? 100 + random.below(200) : random.below(20);
    let text = '';
    for (let i = 0; i < length; i++) {
      const kind = random.below(10);
      if (kind < 5) text += String.fromCharCode(0x20 + random.below(95));
      else if (kind < 7) text += MARKERS[random.below(3)];
      else if (kind < 8) text += String.fromCharCode(random.below(0x20));
      else if (kind < 9) text += String.fromCharCode(0xa0 + random.below(0xd000));
      else text += String.fromCodePoint(0x10000 + random.below(0xfffff));
    }
    return text;
  }

  private annotations(): string[] {
    return Array.from({ length: 1 + this.random.below(3) }, () =>
      this.random.chance(0.7) ? this.random.pick(FIELD_POOL) : this.text(),
    );
  }

  private items(depth: number): IonValue[] {
    const length = this.random.chance(0.1) ? 14 + this.random.below(130) : this.random.below(6);
    return Array.from({ length }, () => this.value(depth + 1));
  }

  private fieldName(): string {
    return this.random.chance(0.8) ? this.random.pick(FIELD_POOL) : this.text();
  }

  private struct(depth: number): IonStructObject {
    const struct: IonStructObject = {};
    const count = this.random.below(7);
    for (let i = 0; i < count; i++) {
      const value = this.random.chance(0.05) ? undefined : this.value(depth + 1);
      Object.defineProperty(struct, this.fieldName(), { value, enumerable: true, writable: true, configurable: true });
    }
    return struct;
  }

  /** A struct repeating a field name. */
  private fieldList(depth: number): IonStruct {
    const name = this.fieldName();
    const fields: Array<[string, IonValue]> = [
      [name, this.value(depth + 1)],
      [name, this.value(depth + 1)],
    ];
    for (let i = this.random.below(4); i > 0; i--) fields.push([this.fieldName(), this.value(depth + 1)]);
    return new IonStruct(fields);
  }
}

/** True for seconds of 59.9995 or more (with a margin), which ion-js's binary writer rounds into the next minute. */
export function roundsUpPastTheMinute(text: string): boolean {
  const match = /:59\.(\d+)/.exec(text);
  return match !== null && Number(`0.${match[1]}`) >= 0.9994;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
