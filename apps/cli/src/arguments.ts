// Parsing of command-line values: sequence numbers, worker counts, digests, Ion parameters, times.
// Each bad value is a CliError (exit 2) naming it.
import { fromIon, type IonValue } from 'nestjs-ledger';
import { CliError } from './cli-error';

/** A block sequence number: a non-negative integer. */
export function parseSequenceNo(text: string, name = 'sequenceNo'): number {
  if (!/^(0|[1-9][0-9]*)$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new CliError(`${name} must be a non-negative integer, not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

/** `--workers` as the library's option: how many worker threads the bulk work runs on (0: the calling thread; the library refuses more than it allows). */
export function workersOf(options: { workers?: string }): { workers?: number } {
  return options.workers === undefined ? {} : { workers: parseSequenceNo(options.workers, '--workers') };
}

/** A 32-byte digest in standard base64. */
export function parseDigest(text: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== text) {
    throw new CliError(`--digest must be a 32-byte digest in base64 (44 characters), not ${JSON.stringify(text)}`);
  }
  return new Uint8Array(bytes);
}

/** A statement parameter written as Ion text, e.g. `"VIN1"`, `42`, `2024-06-01T`, `{a: 1}`. */
export function parseIonParameter(text: string, index: number): IonValue {
  try {
    return fromIon(text);
  } catch (error) {
    throw new CliError(`parameter ${index + 1} (${JSON.stringify(text)}) is not one Ion value (${(error as Error).message}); quote strings: '"text"'`);
  }
}

/** A point in time: an ISO 8601 timestamp such as 2024-06-01T00:00:00Z. */
export function parseTime(text: string, name: string): Date {
  const time = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(time.getTime())) {
    throw new CliError(`${name} must be an ISO 8601 time such as 2024-06-01T00:00:00Z, not ${JSON.stringify(text)}`);
  }
  return time;
}
