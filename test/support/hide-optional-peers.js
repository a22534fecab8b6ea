// Makes the optional peers @opentelemetry/api and @nestjs/terminus unresolvable in a child process,
// as in an application that did not install them: `node -r ./test/support/hide-optional-peers.js`.
const Module = require('node:module');

const HIDDEN = /^(@opentelemetry\/api|@nestjs\/terminus)(\/|$)/;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (HIDDEN.test(request)) throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
  return resolveFilename.call(this, request, ...rest);
};
