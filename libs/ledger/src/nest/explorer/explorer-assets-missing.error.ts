// The explorer's pages are a bundle built by scripts/build-explorer.js; without it there is nothing to serve.
import { LedgerError } from '../../errors';

export class ExplorerAssetsMissingError extends LedgerError {
  readonly code = 'EXPLORER_ASSETS_MISSING';

  constructor(file: string) {
    super(`the explorer's page bundle ${file} is missing: build it with \`node scripts/build-explorer.js\` (part of \`npm run build\`) or pass assetsDir`, file);
  }
}
