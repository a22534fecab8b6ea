// Run inside an application that installed the packed nestjs-ledger without better-sqlite3: opening
// a ledger on SQLite must fail with the typed error naming the package to install; prints it as JSON.
const { Ledger, MissingDriverError } = require('nestjs-ledger');

Ledger.open({ name: 'no-driver', storage: { type: 'sqlite', database: 'never-created.ledger' } }).then(
  () => console.log(JSON.stringify({ opened: true })),
  (error) => console.log(JSON.stringify({ typed: error instanceof MissingDriverError, code: error.code, packageName: error.packageName, message: error.message })),
);
