// Recognises ion-js values by their methods, so values made by any copy of ion-js (the
// application's own, a second one in node_modules) are known for what they are.

/** What the ledger reads of an ion-js `dom.Value` (ion-js 4 and 5). */
export interface DomValue {
  getType(): { name: string };
  getAnnotations(): unknown[];
  isNull(): boolean;
  ionEquals(other: unknown): boolean;
  booleanValue(): boolean | null;
  numberValue(): number | null;
  bigIntValue(): bigint | null;
  decimalValue(): unknown;
  timestampValue(): unknown;
  stringValue(): string | null;
  uInt8ArrayValue(): Uint8Array | null;
  elements(): unknown[];
  allFields(): Array<[string, unknown[]]>;
}

/** What the ledger reads of an ion-js Decimal made by another copy of ion-js. */
export interface DecimalLike {
  getCoefficient(): bigint;
  getExponent(): number;
  isNegative(): boolean;
}

/** What the ledger reads of an ion-js Timestamp made by another copy of ion-js. */
export interface TimestampLike {
  getPrecision(): unknown;
  getLocalOffset(): unknown;
  toString(): string;
}

/** True for an ion-js `dom.Value` (a Struct, List, Timestamp, Integer, Null, …) from any copy of ion-js. */
export function isIonJsDomValue(value: unknown): value is DomValue {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof DomValue, unknown>>;
  return (
    typeof candidate.getType === 'function' &&
    typeof candidate.getAnnotations === 'function' &&
    typeof candidate.isNull === 'function' &&
    typeof candidate.ionEquals === 'function'
  );
}

export function isDecimalLike(value: object): value is DecimalLike {
  const candidate = value as Partial<Record<keyof DecimalLike, unknown>>;
  return typeof candidate.getCoefficient === 'function' && typeof candidate.getExponent === 'function' && typeof candidate.isNegative === 'function';
}

export function isTimestampLike(value: object): value is TimestampLike {
  const candidate = value as Partial<Record<keyof TimestampLike, unknown>>;
  return typeof candidate.getPrecision === 'function' && typeof candidate.getLocalOffset === 'function';
}
