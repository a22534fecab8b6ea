// Timestamp format patterns for TO_STRING and TO_TIMESTAMP: y (year), M (month: M, MM, MMM, MMMM),
// d (day), H (hour 0-23), h (hour 1-12) with a (AM/PM), m, s, S… (fraction digits), n (nanoseconds),
// X… / x… (offset, X writing Z for UTC), and 'quoted' literal text ('' for a quote).
import { fromIon, Timestamp, type IonValue } from '../ion';
import { Precision } from '../ion/ion-timestamp-fields';
import { PartiqlEvaluationError } from './errors';
import { daysInMonth, timestampValue, type LocalTime } from './timestamp-functions';

type Field = { letter: string; count: number } | { literal: string };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const LETTERS = new Set(['y', 'M', 'd', 'a', 'h', 'H', 'm', 's', 'S', 'n', 'X', 'x']);

/** TO_STRING: the local time written in `pattern`. */
export function formatTimestamp(local: LocalTime, pattern: string): string {
  return parsePattern(pattern)
    .map((field) => ('literal' in field ? field.literal : formatField(local, field.letter, field.count)))
    .join('');
}

/** TO_TIMESTAMP: `text` read by `pattern`, or as Ion timestamp text when there is no pattern. */
export function parseTimestamp(text: string, pattern?: string): IonValue {
  if (pattern === undefined) return ionTimestamp(text);
  const reader = new TextReader(text);
  const local: LocalTime = { precision: Precision.Year, offset: null, year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, fraction: '' };
  let pm: boolean | undefined;
  for (const field of parsePattern(pattern)) {
    if ('literal' in field) reader.literal(field.literal);
    else if (field.letter === 'a') pm = reader.word(['AM', 'PM']) === 1;
    else readField(reader, local, field.letter, field.count);
  }
  reader.end();
  if (pm !== undefined) local.hour = (local.hour % 12) + (pm ? 12 : 0);
  checkFields(local, text);
  return timestampValue(local);
}

function ionTimestamp(text: string): IonValue {
  let value: IonValue;
  try {
    value = fromIon(text);
  } catch {
    value = null;
  }
  if (!(value instanceof Timestamp) && !(value instanceof Date)) {
    throw new PartiqlEvaluationError(`${JSON.stringify(text)} is not an Ion timestamp (give TO_TIMESTAMP a format pattern to read other text)`, text);
  }
  return value;
}

function parsePattern(pattern: string): Field[] {
  const fields: Field[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i];
    if (c === "'") {
      const [literal, end] = quotedLiteral(pattern, i);
      fields.push({ literal });
      i = end;
    } else if (LETTERS.has(c)) {
      let end = i + 1;
      while (pattern[end] === c) end++;
      fields.push({ letter: c, count: end - i });
      i = end;
    } else if (/[A-Za-z]/.test(c)) {
      throw new PartiqlEvaluationError(`timestamp pattern letter ${c} is not supported (quote literal text: 'T')`, pattern);
    } else {
      fields.push({ literal: c });
      i++;
    }
  }
  return fields;
}

/** A 'quoted' run of a pattern from `start`, '' standing for one quote; returns it and where it ends. */
function quotedLiteral(pattern: string, start: number): [string, number] {
  if (pattern[start + 1] === "'") return ["'", start + 2];
  let literal = '';
  for (let i = start + 1; i < pattern.length; i++) {
    if (pattern[i] !== "'") literal += pattern[i];
    else if (pattern[i + 1] === "'") literal += pattern[++i];
    else return [literal, i + 1];
  }
  throw new PartiqlEvaluationError(`timestamp pattern ${JSON.stringify(pattern)} has an unclosed quote`, pattern);
}

function formatField(local: LocalTime, letter: string, count: number): string {
  switch (letter) {
    case 'y':
      return count === 2 ? pad(local.year % 100, 2) : pad(local.year, count);
    case 'M':
      return count >= 4 ? MONTHS[local.month - 1] : count === 3 ? MONTHS[local.month - 1].slice(0, 3) : pad(local.month, count);
    case 'd':
      return pad(local.day, count);
    case 'a':
      return local.hour < 12 ? 'AM' : 'PM';
    case 'h':
      return pad(local.hour % 12 || 12, count);
    case 'H':
      return pad(local.hour, count);
    case 'm':
      return pad(local.minute, count);
    case 's':
      return pad(local.second, count);
    case 'S':
      return local.fraction.padEnd(count, '0').slice(0, count);
    case 'n':
      return String(Number(local.fraction.padEnd(9, '0').slice(0, 9)));
    default:
      return formatOffset(local.offset ?? 0, letter === 'X', count);
  }
}

function formatOffset(offset: number, zulu: boolean, count: number): string {
  if (offset === 0 && zulu) return 'Z';
  const sign = offset < 0 ? '-' : '+';
  const hours = pad(Math.trunc(Math.abs(offset) / 60), 2);
  const minutes = pad(Math.abs(offset) % 60, 2);
  if (count === 1) return minutes === '00' ? `${sign}${hours}` : `${sign}${hours}${minutes}`;
  return count === 3 || count === 5 ? `${sign}${hours}:${minutes}` : `${sign}${hours}${minutes}`;
}

function readField(reader: TextReader, local: LocalTime, letter: string, count: number): void {
  switch (letter) {
    case 'y':
      local.year = count === 2 ? 2000 + reader.digits(2, 2) : reader.digits(1, Math.max(4, count));
      return;
    case 'M':
      local.precision = Math.max(local.precision, Precision.Month);
      local.month = count >= 3 ? reader.word(count === 3 ? MONTHS.map((m) => m.slice(0, 3)) : MONTHS) + 1 : reader.digits(1, 2);
      return;
    case 'd':
      local.precision = Math.max(local.precision, Precision.Day);
      local.day = reader.digits(1, 2);
      return;
    case 'h':
    case 'H':
    case 'm':
      local.precision = Math.max(local.precision, Precision.Minute);
      if (letter === 'm') local.minute = reader.digits(1, 2);
      else local.hour = reader.digits(1, 2);
      return;
    case 's':
      local.precision = Precision.Second;
      local.second = reader.digits(1, 2);
      return;
    case 'S':
    case 'n':
      local.precision = Precision.Second;
      local.fraction = letter === 'n' ? String(reader.digits(1, 9)).padStart(9, '0') : reader.digitText(1, 64);
      return;
    default:
      local.offset = reader.offset();
  }
}

function checkFields(local: LocalTime, text: string): void {
  const valid =
    local.month >= 1 &&
    local.month <= 12 &&
    local.day >= 1 &&
    local.day <= daysInMonth(local.year, local.month) &&
    local.hour <= 23 &&
    local.minute <= 59 &&
    local.second <= 59 &&
    local.year >= 1;
  if (!valid) throw new PartiqlEvaluationError(`${JSON.stringify(text)} names no real date and time`, text);
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Reads the text TO_TIMESTAMP parses, failing with the position that did not match. */
class TextReader {
  private at = 0;

  constructor(private readonly text: string) {}

  digitText(min: number, max: number): string {
    let end = this.at;
    while (end < this.text.length && end - this.at < max && this.text[end] >= '0' && this.text[end] <= '9') end++;
    if (end - this.at < min) this.fail(`${min} digit${min > 1 ? 's' : ''}`);
    const digits = this.text.slice(this.at, end);
    this.at = end;
    return digits;
  }

  digits(min: number, max: number): number {
    return Number(this.digitText(min, max));
  }

  /** The index of the word (case-insensitive) found next. */
  word(words: string[]): number {
    const rest = this.text.slice(this.at).toLowerCase();
    const index = words.findIndex((word) => rest.startsWith(word.toLowerCase()));
    if (index < 0) this.fail(`one of ${words.join(', ')}`);
    this.at += words[index].length;
    return index;
  }

  literal(text: string): void {
    if (!this.text.startsWith(text, this.at)) this.fail(JSON.stringify(text));
    this.at += text.length;
  }

  /** Z, or ±HH, ±HHMM, ±HH:MM; in minutes. */
  offset(): number {
    if (this.text[this.at] === 'Z') {
      this.at++;
      return 0;
    }
    const sign = this.text[this.at] === '-' ? -1 : this.text[this.at] === '+' ? 1 : this.fail('an offset (Z or ±HH:MM)');
    this.at++;
    const hours = this.digits(2, 2);
    if (this.text[this.at] === ':') this.at++;
    const minutes = this.text[this.at] >= '0' && this.text[this.at] <= '9' ? this.digits(2, 2) : 0;
    return sign * (hours * 60 + minutes);
  }

  end(): void {
    if (this.at !== this.text.length) this.fail('the end of the text');
  }

  private fail(expected: string): never {
    throw new PartiqlEvaluationError(`TO_TIMESTAMP expected ${expected} at position ${this.at + 1} of ${JSON.stringify(this.text)}`, this.text);
  }
}
