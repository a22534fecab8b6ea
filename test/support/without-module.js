// Preloaded (node -r) to run a process as if the packages named in $WITHOUT_MODULES (comma-separated)
// were not installed: resolving one of them, or a path inside it, fails with MODULE_NOT_FOUND, as it
// does when the package is absent.
const Module = require('node:module');

const hidden = (process.env.WITHOUT_MODULES ?? '').split(',').filter(Boolean);
const isHidden = (request) => hidden.some((name) => request === name || request.startsWith(`${name}/`));
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (isHidden(request)) throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
  return resolveFilename.call(this, request, ...rest);
};
