// What LedgerExplorerModule.register takes.
import type { CanActivate, Type } from '@nestjs/common';

export interface LedgerExplorerOptions {
  /** Where the explorer is mounted, e.g. '/explorer' (its JSON API is under `<path>/api`). */
  path: string;
  /** The ledger to explore, by the name it was registered with in LedgerModule (default: the default ledger). */
  ledger?: string;
  /** Guards for the explorer's routes, on top of the application's global guards (e.g. an auditor-role guard). */
  guards?: Array<Type<CanActivate> | CanActivate>;
  /** The ledger's public key (PEM or C2SP verifier key), shown beside signed digests so that an auditor can compare it with the one they hold. */
  publicKey?: string;
  /** The directory of the built pages (default: `assets` beside the compiled module, where the build puts them). */
  assetsDir?: string;
  /** Most rows a console query returns (default 200). */
  maxQueryRows?: number;
}
