// QLDB's date and time functions over Ion timestamps (ion-js Timestamp, or Date for millisecond UTC
// ones): DATE_ADD, DATE_DIFF and EXTRACT. Fields are read in the timestamp's own local time;
// adding a part keeps the precision it needs (adding an hour to `2017T` gives `2017-01-01T01:00Z`),
// adding months clamps to the month's last day, and differences count whole units.
import { Timestamp, type IonValue } from '../ion';
import {
  dateFields,
  fieldsToDate,
  fieldsToTimestamp,
  isDateShaped,
  Precision,
  timestampFields,
  type TimestampFields,
} from '../ion/ion-timestamp-fields';
import { PartiqlEvaluationError, PartiqlTypeError } from './errors';
import { normalizeInt, toDecimal } from './numeric';
import { unwrap, type PartiqlValue } from './partiql-value';

export type DatePart = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND' | 'TIMEZONE_HOUR' | 'TIMEZONE_MINUTE';

/**
 * A timestamp's wall clock: the same fields as Ion's, but read in the timestamp's own offset (UTC
 * when unknown) rather than in UTC.
 */
export type LocalTime = TimestampFields;

const UNIT_SECONDS: Readonly<Record<string, bigint>> = { DAY: 86_400n, HOUR: 3_600n, MINUTE: 60n, SECOND: 1n };
const PART_PRECISION: Readonly<Record<string, Precision>> = {
  YEAR: Precision.Year,
  MONTH: Precision.Month,
  DAY: Precision.Day,
  HOUR: Precision.Minute,
  MINUTE: Precision.Minute,
  SECOND: Precision.Second,
};

/** The local time of a timestamp value; undefined for anything that is not a timestamp. */
function localTimeOf(value: PartiqlValue): LocalTime | undefined {
  const inner = unwrap(value);
  const fields = inner instanceof Date ? dateFields(inner) : inner instanceof Timestamp ? timestampFields(inner) : undefined;
  if (!fields) return undefined;
  if (!fields.offset || fields.precision < Precision.Minute) return { ...fields };
  return { ...fields, ...clockAt(utcMillis(fields) + fields.offset * 60_000) };
}

/** The timestamp value of a local time: a Date when it is millisecond UTC, an ion-js Timestamp otherwise. */
export function timestampValue(local: LocalTime): IonValue {
  const fields = utcOf(local);
  if (!(fields.year >= 1 && fields.year <= 9999)) {
    throw new PartiqlEvaluationError('the timestamp falls outside the years Ion can hold (1 to 9999)', local.year);
  }
  try {
    return isDateShaped(fields) ? fieldsToDate(fields) : fieldsToTimestamp(fields);
  } catch (error) {
    throw new PartiqlEvaluationError(`no such timestamp: ${(error as Error).message}`, local.year);
  }
}

/** DATE_ADD(part, interval, timestamp). */
export function dateAdd(part: DatePart, interval: PartiqlValue, timestamp: PartiqlValue): IonValue {
  const local = requireTime('DATE_ADD', timestamp);
  const amount = requireInterval(interval);
  const wanted = PART_PRECISION[part];
  if (wanted === undefined) throw new PartiqlTypeError('DATE_ADD', 'a date part from year to second', part);
  const result = { ...local, precision: Math.max(local.precision, wanted) };
  if (local.precision < Precision.Minute && result.precision >= Precision.Minute) result.offset = 0;
  if (part === 'YEAR' || part === 'MONTH') return timestampValue(addMonths(result, part === 'YEAR' ? amount * 12 : amount));
  const millis = amount * Number(UNIT_SECONDS[part]) * 1000;
  return timestampValue({ ...result, ...clockAt(utcMillis(result) + millis) });
}

/** DATE_DIFF(part, from, to): whole units from `from` to `to` (negative when `to` is earlier). */
export function dateDiff(part: DatePart, from: PartiqlValue, to: PartiqlValue): number | bigint {
  const a = requireTime('DATE_DIFF', from);
  const b = requireTime('DATE_DIFF', to);
  if (part === 'YEAR' || part === 'MONTH') {
    const months = wholeMonths(utcOf(a), utcOf(b));
    return part === 'YEAR' ? Math.trunc(months / 12) : months;
  }
  const unit = UNIT_SECONDS[part];
  if (unit === undefined) throw new PartiqlTypeError('DATE_DIFF', 'a date part from year to second', part);
  const digits = Math.max(a.fraction.length, b.fraction.length);
  const difference = scaledInstant(utcOf(b), digits) - scaledInstant(utcOf(a), digits);
  return normalizeInt(difference / (unit * 10n ** BigInt(digits)));
}

/** EXTRACT(part FROM timestamp), in the timestamp's local time; null for the offset of an unknown one. */
export function extract(part: DatePart, timestamp: PartiqlValue): IonValue {
  const local = requireTime('EXTRACT', timestamp);
  switch (part) {
    case 'YEAR':
      return local.year;
    case 'MONTH':
      return local.month;
    case 'DAY':
      return local.day;
    case 'HOUR':
      return local.hour;
    case 'MINUTE':
      return local.minute;
    case 'SECOND':
      return local.fraction ? toDecimal({ coefficient: BigInt(`${local.second}${local.fraction}`), exponent: -local.fraction.length }) : local.second;
    case 'TIMEZONE_HOUR':
      return local.offset === null ? null : Math.trunc(local.offset / 60);
    default:
      return local.offset === null ? null : local.offset % 60;
  }
}

export function requireTime(operation: string, value: PartiqlValue): LocalTime {
  const local = localTimeOf(value);
  if (!local) throw new PartiqlTypeError(operation, 'a timestamp', value);
  return local;
}

function requireInterval(value: PartiqlValue): number {
  const inner = unwrap(value);
  const amount = typeof inner === 'bigint' ? Number(inner) : inner;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) throw new PartiqlTypeError('DATE_ADD', 'an integer interval', value);
  if (Math.abs(amount) > 1e8) throw new PartiqlEvaluationError(`DATE_ADD interval ${amount} takes the timestamp outside years 1 to 9999`, amount);
  return amount;
}

function addMonths(local: LocalTime, months: number): LocalTime {
  const index = local.year * 12 + (local.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return { ...local, year, month, day: Math.min(local.day, daysInMonth(year, month)) };
}

/** Whole months from a to b, counting a partial month only once it is complete. */
function wholeMonths(a: TimestampFields, b: TimestampFields): number {
  const months = (b.year - a.year) * 12 + (b.month - a.month);
  const rest = compareRest(b, a);
  if (months > 0 && rest < 0) return months - 1;
  if (months < 0 && rest > 0) return months + 1;
  return months;
}

/** Compares day, time and fraction (what is left once the month is counted). */
function compareRest(a: TimestampFields, b: TimestampFields): number {
  const fields = ['day', 'hour', 'minute', 'second'] as const;
  for (const field of fields) if (a[field] !== b[field]) return a[field] - b[field];
  const digits = Math.max(a.fraction.length, b.fraction.length);
  return Math.sign(Number(a.fraction.padEnd(digits, '0') || '0') - Number(b.fraction.padEnd(digits, '0') || '0'));
}

/** The instant of UTC fields in units of 10^-digits seconds. */
function scaledInstant(fields: TimestampFields, digits: number): bigint {
  const seconds = BigInt(Math.floor(utcMillis(fields) / 1000));
  return seconds * 10n ** BigInt(digits) + BigInt(fields.fraction.padEnd(digits, '0') || '0');
}

/** A local time's UTC fields. */
function utcOf(local: LocalTime): TimestampFields {
  if (!local.offset || local.precision < Precision.Minute) return local;
  return { ...local, ...clockAt(utcMillis(local) - local.offset * 60_000) };
}

/** Milliseconds since the epoch of the fields' clock (read as UTC), whole seconds. */
function utcMillis(fields: Pick<LocalTime, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'>): number {
  const date = new Date(0);
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute, fields.second, 0);
  return date.getTime();
}

/** The clock fields of an instant (read as UTC). */
function clockAt(millis: number): Pick<LocalTime, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'> {
  const date = new Date(millis);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

export function daysInMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}
