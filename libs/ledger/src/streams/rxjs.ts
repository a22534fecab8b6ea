// RxJS, loaded on first use: a program that opens a ledger and never subscribes to a stream (the
// `ledger` CLI, a verification, a batch import) does not pay for loading the whole package. Its
// types stay static imports, so callers keep their signatures.
import type * as Rxjs from 'rxjs';

let loaded: typeof Rxjs | undefined;

/** The rxjs package, required the first time a stream or operator is built. */
export function rxjs(): typeof Rxjs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('rxjs') as typeof Rxjs;
  return loaded;
}
