// The logger the library writes its operational lines through (migrations, retries, slow commits,
// open and close, verification failures). Any object with these four methods fits: Nest's Logger,
// `console`, pino or winston behind a small adapter. Without one, nothing is written: a library
// prints nothing on its own. Lines never carry secrets nor document data: they name ledgers by
// their name and storage by its location (describeStorage), documents by id.

export interface LedgerLogger {
  log(message: string): unknown;
  warn(message: string): unknown;
  error(message: string, stack?: string): unknown;
  debug(message: string): unknown;
}

/** The logger used when none is given: it drops every line. */
export const SILENT_LOGGER: LedgerLogger = Object.freeze({
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
});

const METHODS = ['log', 'warn', 'error', 'debug'] as const;

/** The methods `value` lacks to be a LedgerLogger, for an error message. */
export function missingLoggerMethods(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [...METHODS];
  return METHODS.filter((method) => typeof (value as Record<string, unknown>)[method] !== 'function');
}
