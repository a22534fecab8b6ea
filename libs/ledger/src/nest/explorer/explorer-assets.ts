// The explorer's built pages (scripts/build-explorer.js writes them): the script and style sheet
// the HTML shell loads, read on first request and kept (an API-only use needs no build). The shell sets its base to the
// mount point, so the page and its API calls use relative URLs under any global prefix.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExplorerAssetsMissingError } from './explorer-assets-missing.error';

/** Content-Security-Policy of the pages: everything from the explorer itself, nothing inline, no other origin. */
export const EXPLORER_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'self'; form-action 'none'; frame-ancestors 'none'";

/** The built script and style sheet, read from `directory` when first asked for and kept. */
export class ExplorerAssets {
  private readonly files = new Map<string, string>();

  constructor(readonly directory: string) {}

  /** Whether the build's files are there (the module warns at startup when they are not). */
  get built(): boolean {
    return existsSync(join(this.directory, 'explorer.js'));
  }

  get script(): string {
    return this.read('explorer.js');
  }

  get styles(): string {
    return this.read('explorer.css');
  }

  private read(name: string): string {
    const file = join(this.directory, name);
    let text = this.files.get(file);
    if (text === undefined) {
      if (!existsSync(file)) throw new ExplorerAssetsMissingError(file);
      text = readFileSync(file, 'utf8');
      this.files.set(file, text);
    }
    return text;
  }
}

/** The HTML shell for a request to `requestPath` (the mount point, with or without a trailing slash). */
export function explorerShell(requestPath: string): string {
  const path = requestPath.split(/[?#]/)[0];
  const base = path.endsWith('/') ? './' : `${path.slice(path.lastIndexOf('/') + 1)}/`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<base href="${escapeHtml(base)}">
<title>Ledger explorer</title>
<link rel="stylesheet" href="assets/explorer.css">
<script defer src="assets/explorer.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header><p class="brand">Ledger explorer</p><nav aria-label="Explorer"></nav></header>
<main id="main" tabindex="-1"><p>Loading…</p></main>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
