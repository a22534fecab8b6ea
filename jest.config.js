// Jest runs every spec in libs/, apps/ and test/ through SWC (fast TypeScript transform with
// decorator metadata); `npm run typecheck` does the type checking beforehand.
/** @type {import('jest').Config} */
module.exports = {
  roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleNameMapper: { '^nestjs-ledger$': '<rootDir>/libs/ledger/src' },
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testEnvironment: 'node',
  testTimeout: 120000,
};
