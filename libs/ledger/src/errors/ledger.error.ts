// The base class of every error the ledger throws: a stable machine-readable `code`, a message
// that says what went wrong and what to do, and the offending value where there is one.

export abstract class LedgerError extends Error {
  /** Stable identifier for programmatic handling, e.g. `ION_FORMAT`. */
  abstract readonly code: string;

  protected constructor(
    message: string,
    /** The value that caused the error, when there is one. */
    readonly value?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Renders a value for an error message: short, never throws, never loses the type. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'object' && value !== null) {
    const name = Object.getPrototypeOf(value)?.constructor?.name ?? 'Object';
    return Array.isArray(value) ? `array(${value.length})` : `${name} object`;
  }
  return String(value);
}
