// An Ion timestamp taken apart the way Ion binary stores it (UTC fields, offset, precision, the
// fractional second's digits) and put back together, converting to and from ion-js Timestamp and Date.
import { Decimal, Timestamp } from './ion-value';
import { charCodeAt } from './string-methods';

const ZERO = 0x30;

export enum Precision {
  Year = 1,
  Month = 2,
  Day = 3,
  Minute = 4,
  Second = 5,
}

export interface TimestampFields {
  precision: Precision;
  /** Minutes east of UTC; null when unknown (`-00:00`, and always below minute precision). */
  offset: number | null;
  /** UTC date and time (equal to the local one when the offset is unknown). */
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** The digits after the seconds' decimal point ('' when there are none). */
  fraction: string;
}

/** The fields of an ion-js Timestamp, read from its Ion text so no rounding can creep in. */
export function timestampFields(timestamp: Timestamp): TimestampFields {
  const text = timestamp.toString();
  const fields = yearFields(digits(text, 0, 4), null);
  if (text.charAt(4) !== '-') return fields;
  fields.precision = Precision.Month;
  fields.month = digits(text, 5, 7);
  if (text.charAt(7) !== '-') return fields;
  fields.precision = Precision.Day;
  fields.day = digits(text, 8, 10);
  if (text.length <= 11) return fields;
  fields.precision = Precision.Minute;
  fields.hour = digits(text, 11, 13);
  fields.minute = digits(text, 14, 16);
  let at = 16;
  if (text.charAt(at) === ':') {
    fields.precision = Precision.Second;
    fields.second = digits(text, 17, 19);
    at = 19;
    if (text.charAt(at) === '.') {
      let end = at + 1;
      while (end < text.length && isDigit(charCodeAt.call(text, end))) end++;
      fields.fraction = text.substring(at + 1, end);
      at = end;
    }
  }
  fields.offset = parseOffset(text, at);
  return toUtc(fields);
}

/** Fields of year precision, to be refined field by field. */
export function yearFields(year: number, offset: number | null): TimestampFields {
  return { precision: Precision.Year, offset, year, month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: '' };
}

/** The fields of a Date: millisecond precision, offset zero. */
export function dateFields(date: Date): TimestampFields {
  return {
    precision: Precision.Second,
    offset: 0,
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    fraction: String(date.getUTCMilliseconds()).padStart(3, '0'),
  };
}

/** Ion's last year (its first is 1). */
const MAX_YEAR = 9999;

/** True when a Date stands for exactly this timestamp: precision of milliseconds at a known offset of 0. */
export function isDateShaped(fields: TimestampFields): boolean {
  return fields.precision === Precision.Second && fields.offset === 0 && fields.fraction.length === 3;
}

/** The Date of date-shaped fields; throws an Error if they name no real time (Feb 30, hour 24, ...) or a year past Ion's 9999. */
export function fieldsToDate(fields: TimestampFields): Date {
  if (fields.year > MAX_YEAR) throw new Error(`year ${fields.year} is past ${MAX_YEAR}`); // at offset 0 the local year is this one
  const date = asUtcDate(fields);
  date.setUTCMilliseconds(Number(fields.fraction));
  return date;
}

/** The Date of the fields read as UTC, to the whole second, checked to be exactly the time they name. */
function asUtcDate(fields: TimestampFields): Date {
  const date = new Date(0);
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute, fields.second);
  const exact =
    fields.year >= 1 &&
    date.getUTCFullYear() === fields.year &&
    date.getUTCMonth() === fields.month - 1 &&
    date.getUTCDate() === fields.day &&
    date.getUTCHours() === fields.hour &&
    date.getUTCMinutes() === fields.minute &&
    date.getUTCSeconds() === fields.second;
  if (!exact) {
    throw new Error(`no such time: ${fields.year}-${fields.month}-${fields.day}T${fields.hour}:${fields.minute}:${fields.second}`);
  }
  return date;
}

/** The ion-js Timestamp of the fields; throws ion-js's Error when they are out of range. */
export function fieldsToTimestamp(fields: TimestampFields): Timestamp {
  const offset = fields.offset ?? -0;
  const { precision } = fields;
  if (precision <= Precision.Day) {
    return new Timestamp(
      offset,
      fields.year,
      precision >= Precision.Month ? fields.month : null,
      precision >= Precision.Day ? fields.day : null,
    );
  }
  const local = shiftMinutes(asUtcDate(fields), fields.offset ?? 0);
  const seconds =
    precision === Precision.Second
      ? new Decimal(`${fields.second}${fields.fraction ? `.${fields.fraction}` : ''}`)
      : null;
  return new Timestamp(offset, local.year, local.month, local.day, local.hour, local.minute, seconds);
}

function toUtc(fields: TimestampFields): TimestampFields {
  if (fields.precision < Precision.Minute || !fields.offset) return fields;
  return { ...fields, ...shiftMinutes(asUtcDate(fields), -fields.offset) };
}

/** The date and time (to the minute) `minutes` after `start`: proleptic Gregorian, any year. */
function shiftMinutes(start: Date, minutes: number) {
  const date = new Date(start.getTime() + minutes * 60_000);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
  };
}

function parseOffset(text: string, at: number): number | null {
  const sign = text.charAt(at);
  if (sign === 'Z') return 0;
  const minutes = digits(text, at + 1, at + 3) * 60 + digits(text, at + 4, at + 6);
  if (sign === '-') return minutes === 0 ? null : -minutes;
  return minutes;
}

function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) value = value * 10 + (charCodeAt.call(text, i) - ZERO);
  return value;
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}
