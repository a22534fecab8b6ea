// Jest runs every spec in libs/, apps/ and test/ through SWC (fast TypeScript transform with
// decorator metadata); `npm run typecheck` does the type checking beforehand. Three projects: `sqlite`
// runs everything; `sqlite-writer-thread` runs the engine, event-sourcing and projection specs again on
// SQLite files written from the ledger's write thread; `postgres` runs the engine, storage, event-sourcing, stream and projection specs,
// the multi-process, crash, cross-process stream, projection and process-manager crash, two
// process-manager instances, PostgreSQL fault and TLS tests and the sample bank (HTTP, and its
// start on PostgreSQL) again against a throw-away PostgreSQL server that its global setup starts
// (test/support/postgres-server.js) and its global teardown stops.
const shared = {
  rootDir: __dirname,
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
  moduleNameMapper: { '^nestjs-ledger$': '<rootDir>/libs/ledger/src', '^nestjs-ledger/(.*)$': '<rootDir>/libs/ledger/src/$1' },
  testEnvironment: 'node',
};

/** @type {import('jest').Config} */
module.exports = {
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 120000,
  projects: [
    {
      ...shared,
      displayName: 'sqlite',
      roots: ['<rootDir>/libs', '<rootDir>/apps', '<rootDir>/test'],
      testRegex: '\\.(spec|e2e-spec)\\.ts$',
      testPathIgnorePatterns: ['/node_modules/', '/postgres-[^/]*spec\\.ts$'],
    },
    {
      ...shared,
      displayName: 'postgres',
      roots: ['<rootDir>/libs', '<rootDir>/test'],
      testMatch: [
        '<rootDir>/libs/ledger/src/engine/**/*.spec.ts',
        '<rootDir>/libs/ledger/src/storage/**/*.spec.ts',
        '<rootDir>/libs/ledger/src/streams/**/*.spec.ts',
        '<rootDir>/libs/ledger/src/event-sourcing/**/*.spec.ts',
        '<rootDir>/libs/ledger/src/projections/**/*.spec.ts',
        '<rootDir>/libs/ledger/src/qldb-driver/**/*.spec.ts',
        '<rootDir>/libs/ledger/src/export/export-access.spec.ts',
        '<rootDir>/libs/ledger/src/export/export-workers.spec.ts',
        '<rootDir>/test/qldb-driver/*.e2e-spec.ts',
        '<rootDir>/test/multi-process.e2e-spec.ts',
        '<rootDir>/test/crash.e2e-spec.ts',
        '<rootDir>/test/large-transaction.e2e-spec.ts',
        '<rootDir>/test/small-stack-verify.e2e-spec.ts',
        '<rootDir>/test/streams-cross-process.e2e-spec.ts',
        '<rootDir>/test/projection-crash.e2e-spec.ts',
        '<rootDir>/test/process-manager-crash.e2e-spec.ts',
        '<rootDir>/test/process-manager-instances.e2e-spec.ts',
        '<rootDir>/test/postgres-*.e2e-spec.ts',
        '<rootDir>/test/bank/bank-http.e2e-spec.ts',
        '<rootDir>/test/bank/postgres-*.e2e-spec.ts',
        '<rootDir>/test/docs/postgres-*.e2e-spec.ts',
      ],
      globals: { ledgerTestStorage: 'postgres' },
      globalSetup: '<rootDir>/test/support/postgres.global-setup.js',
      globalTeardown: '<rootDir>/test/support/postgres.global-teardown.js',
    },
    {
      ...shared,
      displayName: 'sqlite-writer-thread',
      roots: ['<rootDir>/libs'],
      testMatch: ['<rootDir>/libs/ledger/src/engine/**/*.spec.ts', '<rootDir>/libs/ledger/src/event-sourcing/**/*.spec.ts', '<rootDir>/libs/ledger/src/projections/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '/tamper-file\\.spec\\.ts$'], // bytes of a file flipped, then read: no write to pipeline
      globals: { ledgerTestStorage: 'sqlite-writer-thread' },
    },
  ],
};
