// Lets a child process started by a test run the TypeScript sources directly:
// `node -r ./test/support/register-ts.js script.ts`. Compiles .ts files with SWC on require and
// maps `nestjs-ledger` and `nestjs-ledger/<entry>` to the library's source, as jest does for the tests themselves.
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const librarySource = path.join(__dirname, '../../libs/ledger/src');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const entry = /^nestjs-ledger(\/.+)?$/.exec(request);
  return resolveFilename.call(this, entry ? path.join(librarySource, entry[1] ?? '') : request, ...rest);
};

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = require('node:fs').readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
