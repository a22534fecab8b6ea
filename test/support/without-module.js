// Preloaded (node -r) to run a process as if the package named by $WITHOUT_MODULE were not
// installed: resolving it fails with MODULE_NOT_FOUND, as it does when it is absent.
const Module = require('node:module');

const hidden = process.env.WITHOUT_MODULE;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === hidden) throw Object.assign(new Error(`Cannot find module '${request}'`), { code: 'MODULE_NOT_FOUND' });
  return resolve.call(this, request, ...rest);
};
