// The optional peers stay optional: with @opentelemetry/api and @nestjs/terminus unresolvable (as
// in an application that did not install them), a ledger commits, queries and verifies, and
// nestjs-ledger/nest loads with its health indicator (test/package checks the same from the packed
// tarball in applications that install neither).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const support = join(__dirname, 'support');

describe('without the optional peers installed', () => {
  it('a ledger commits, queries and verifies, and nestjs-ledger/nest loads', () => {
    const output = execFileSync(
      process.execPath,
      ['-r', join(support, 'register-ts.js'), '-r', join(support, 'without-module.js'), join(support, 'without-optional-peers.child.ts')],
      { encoding: 'utf8', env: { ...process.env, WITHOUT_MODULES: '@opentelemetry/api,@nestjs/terminus' } },
    );
    expect(JSON.parse(output)).toEqual({ hidden: ['@opentelemetry/api', '@nestjs/terminus'], rows: [{ a: 1 }], valid: true, healthIndicator: 'function' });
  });
});
