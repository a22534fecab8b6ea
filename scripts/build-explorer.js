#!/usr/bin/env node
// Builds the journal explorer's pages from libs/ledger/src/nest/explorer/ui with esbuild (bundled
// for browsers, no framework, nothing fetched from a CDN):
//   explorer.js, explorer.css  what LedgerExplorerModule serves;
//   verifier.html              the offline verifier, one self-contained file (script and styles
//                              inline) that `ledger verifier-page` writes out.
// Usage: node scripts/build-explorer.js [outDir]  (default: dist/libs/ledger/nest/explorer/assets,
// beside the compiled module). Also `require`d by the tests, which build into a directory of their own.
const { mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

const ROOT = join(__dirname, '..');
const UI = join(ROOT, 'libs/ledger/src/nest/explorer/ui');
const DEFAULT_OUT = join(ROOT, 'dist/libs/ledger/nest/explorer/assets');
/** The offline page may run inline code and styles, and nothing else: no request of any kind. */
const OFFLINE_CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The IIFE bundle of a UI entry for browsers. */
async function bundle(entry) {
  const { build } = require('esbuild');
  const result = await build({ entryPoints: [join(UI, entry)], bundle: true, platform: 'browser', format: 'iife', target: 'es2020', minify: true, legalComments: 'none', write: false, logLevel: 'silent' });
  return result.outputFiles[0].text;
}

/** The offline verifier as one HTML file; `</script` inside the bundle is escaped so that it cannot end the element. */
function offlinePage(script, styles) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${OFFLINE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ledger proof verifier</title>
<style>${styles}</style>
</head>
<body>
<header><p class="brand">Ledger proof verifier (offline)</p></header>
<main id="main" tabindex="-1"><p>This page needs JavaScript to verify proofs.</p></main>
<script>${script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}

/** Writes explorer.js, explorer.css and verifier.html into `outDir`; resolves to the files written. */
async function buildExplorer(outDir = DEFAULT_OUT) {
  const out = resolve(outDir);
  mkdirSync(out, { recursive: true });
  const styles = readFileSync(join(UI, 'explorer.css'), 'utf8');
  const [explorer, offline] = await Promise.all([bundle('explorer-page.ts'), bundle('offline-page.ts')]);
  const files = { 'explorer.js': explorer, 'explorer.css': styles, 'verifier.html': offlinePage(offline, styles) };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  return Object.keys(files).map((name) => join(out, name));
}

module.exports = { buildExplorer, DEFAULT_OUT };

if (require.main === module) {
  buildExplorer(process.argv[2]).then(
    (files) => process.stdout.write(`${files.join('\n')}\n`),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
