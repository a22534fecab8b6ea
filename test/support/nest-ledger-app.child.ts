// A Nest application that opens one ledger with the storage options it is given, with Nest's
// default logger, as an application would start:
//   node -r ./test/support/register-ts.js nest-ledger-app.child.ts <storage options as JSON>
// Exits 0 once the application started (and closed), 1 when starting failed (Nest logged why).
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LedgerModule } from 'nestjs-ledger/nest';

async function main(): Promise<void> {
  @Module({ imports: [LedgerModule.forRoot({ name: 'test', storage: JSON.parse(process.argv[2]) })] })
  class AppModule {}
  const app = await NestFactory.createApplicationContext(AppModule, { abortOnError: false });
  await app.close();
}

main().catch(() => {
  process.exitCode = 1;
});
