// The layers of libs/ledger/src and the rules their imports keep, checked by dependency-cruiser
// (test/architecture/layers.e2e-spec.ts runs it; docs/architecture.md draws the picture).
// Specs and fixtures are left out: a test may assemble any layers it needs.

/** The folders of libs/ledger/src, lowest first; folders on one line are side by side. */
const LAYERS = [
  ['errors', 'telemetry'],
  ['crypto'],
  ['ion'],
  ['journal'],
  ['verify', 'streams'],
  ['storage'],
  ['engine'],
  ['partiql'],
  ['event-sourcing'],
  ['projections'],
  ['export', 'sinks', 'qldb-driver'],
  ['nest', 'testing'],
];

/**
 * Modules of the lowest layers that the layers above may import by path: helpers for their own
 * codecs and indexes that are not part of any entry point's surface, and that ion/, crypto/ and
 * journal/ (kept browser-pure) do not export from their index.
 */
const SHARED_INTERNALS = [
  'ion/ion-order-key',
  'ion/ion-struct-builder',
  'ion/ion-timestamp-fields',
  'ion/value-path',
  'crypto/sha256',
  'crypto/strict-base64',
  'journal/bytes',
];

const SRC = '^libs/ledger/src/';
const folder = (name) => `${SRC}${name}/`;
const anyOf = (names) => `${SRC}(${names.join('|')})/`;

/** One rule per folder: it imports no folder of a higher layer, nor one beside it. */
function layerRules() {
  return LAYERS.flatMap((layer, rank) => {
    const above = LAYERS.slice(rank + 1).flat();
    return layer.map((name) => {
      const barred = [...above, ...layer.filter((other) => other !== name)];
      return {
        name: `layer-${name}`,
        severity: 'error',
        comment: `${name}/ imports only layers below it: ${LAYERS.slice(0, rank).flat().join(', ') || 'none'}`,
        from: { path: folder(name) },
        to: { path: anyOf(barred) },
      };
    }).filter((rule) => LAYERS.slice(rank + 1).length > 0 || layer.length > 1);
  });
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle between modules (type-only imports included).',
      from: { path: SRC },
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'No import cycle between folders.',
      scope: 'folder',
      from: { path: SRC },
      to: { circular: true },
    },
    ...layerRules(),
    {
      name: 'no-deep-imports',
      severity: 'error',
      comment:
        "A folder imports another folder through its index.ts (its public surface) or internal.ts (what it offers the layers above and not the package's users); the shared internals of ion, crypto and journal are listed by name.",
      from: { path: `${SRC}([^/]+)/` },
      to: {
        path: SRC,
        pathNot: [
          `${SRC}$1/`,
          `${SRC}[^/]+/(index|internal)\\.ts$`,
          `${SRC}(${SHARED_INTERNALS.join('|')})\\.ts$`,
        ],
      },
    },
    {
      name: 'libs-not-to-apps-or-test',
      severity: 'error',
      comment: 'The library never imports the applications or the tests.',
      from: { path: '^libs/' },
      to: { path: '^(apps|test)/' },
    },
    {
      name: 'verify-without-node',
      severity: 'error',
      comment: 'nestjs-ledger/verify runs in a browser: it imports no node: module, directly or through what it imports.',
      from: { path: folder('verify') },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'verify-reaches-no-node',
      severity: 'error',
      comment: 'Nothing nestjs-ledger/verify loads imports a node: module either.',
      from: { path: folder('verify') },
      to: { path: '^node:|^(assert|async_hooks|buffer|child_process|crypto|fs|fs/promises|net|os|path|stream|tls|util|worker_threads|zlib)$', reachable: true },
    },
    {
      name: 'dialects-apart',
      severity: 'error',
      comment: 'A storage dialect never imports another one.',
      from: { path: `${SRC}storage/(sqlite|postgres)/` },
      to: { path: `${SRC}storage/(sqlite|postgres)/`, pathNot: `${SRC}storage/$1/` },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: ['node_modules', '(spec|fixture)\\.ts$'] },
    doNotFollow: { path: 'node_modules' },
  },
};
