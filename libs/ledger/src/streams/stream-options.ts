// The options of a journal stream and their checks: where it starts, which records it carries, and
// how much it reads and holds at once. Bad options throw an InvalidArgumentError naming the value.
import { InvalidArgumentError } from '../errors';
import { STREAM_RECORD_TYPES, type StreamPosition, type StreamRecordType } from './stream-record';

/** Where a stream starts: the first block, after the current tip, a block's sequenceNo, or a position (inclusive). */
export type StreamFrom = 'start' | 'now' | number | StreamPosition;

export interface PagingOptions {
  /** Blocks read from storage at once (default 200). */
  pageSize?: number;
  /** Most blocks committed by this process that a stream holds before its reader takes them, or one commit batch if larger (default 500). */
  highWaterMark?: number;
}

export interface StreamOptions extends PagingOptions {
  /** Default 'start'. A position beyond the tip waits for it to be committed. */
  from?: StreamFrom;
  /** The record types to carry (default all). */
  kinds?: readonly StreamRecordType[];
}

/** A start resolved: the first block (or 'now') and the first index within it. */
export interface StreamStart {
  sequenceNo: number | 'now';
  index: number;
}

export const DEFAULT_PAGE_SIZE = 200;
export const DEFAULT_HIGH_WATER_MARK = 500;
const MAX_PAGE_SIZE = 10_000;

/** The start `from` names; `call` names the method for the message. */
export function streamStart(from: unknown, call: string): StreamStart {
  if (from === undefined || from === 'start') return { sequenceNo: 0, index: 0 };
  if (from === 'now') return { sequenceNo: 'now', index: 0 };
  if (isCount(from)) return { sequenceNo: from, index: 0 };
  const position = from as Partial<StreamPosition> | null;
  if (typeof position === 'object' && position !== null && isCount(position.sequenceNo) && isCount(position.index)) {
    return { sequenceNo: position.sequenceNo, index: position.index };
  }
  throw new InvalidArgumentError(
    `${call}({ from }) takes 'start', 'now', a block sequenceNo or a position { sequenceNo, index } (non-negative integers), not ${show(from)}`,
    from,
  );
}

/** The record types `kinds` names (all when undefined). */
export function streamKinds(kinds: unknown): ReadonlySet<StreamRecordType> {
  if (kinds === undefined) return new Set(STREAM_RECORD_TYPES);
  const valid = Array.isArray(kinds) && kinds.length > 0 && kinds.every((k) => STREAM_RECORD_TYPES.includes(k as StreamRecordType));
  if (!valid) throw new InvalidArgumentError(`stream({ kinds }) takes a non-empty array of ${STREAM_RECORD_TYPES.join(', ')}, not ${show(kinds)}`, kinds);
  return new Set(kinds as StreamRecordType[]);
}

/** The paging options with their defaults. */
export function pagingOf(options: PagingOptions, call: string): Required<PagingOptions> {
  const { pageSize = DEFAULT_PAGE_SIZE, highWaterMark = DEFAULT_HIGH_WATER_MARK } = options;
  if (!(isCount(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE)) {
    throw new InvalidArgumentError(`${call}({ pageSize }) takes an integer from 1 to ${MAX_PAGE_SIZE}, not ${show(pageSize)}`, pageSize);
  }
  if (!isCount(highWaterMark)) throw new InvalidArgumentError(`${call}({ highWaterMark }) takes a non-negative integer, not ${show(highWaterMark)}`, highWaterMark);
  return { pageSize, highWaterMark };
}

/** The options object itself must be an object when given. */
export function optionsObject<T extends object>(options: T | undefined, call: string): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(`${call}(options) takes an options object, not ${show(options)}`, options);
  }
  return options;
}

function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** A value as a message shows it: JSON where it can, else its type. */
function show(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint' || value === undefined) return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
