// The docs' explorer sample (docs/explorer.md): an application mounts the journal explorer behind a
// guard of its own; a request without the auditor's token is refused (403), one with it reads the
// ledger's overview. Prints `403 200 <tip>`. Run by explorer.e2e-spec.ts with AUDITOR_TOKEN set.
// #region hidden
import { CanActivate, ExecutionContext, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { LedgerExplorerModule, LedgerModule } from 'nestjs-ledger/nest';

// #endregion
// #region guard
/** Lets through only requests that carry the auditor's token (in a real application: your authentication). */
@Injectable()
class AuditorGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    return request.headers['x-auditor-token'] === process.env.AUDITOR_TOKEN;
  }
}

@Module({
  imports: [
    LedgerModule.forRoot({ name: 'bank', storage: { type: 'sqlite', database: 'bank.ledger' } }),
    LedgerExplorerModule.register({ path: '/explorer', guards: [AuditorGuard] }),
  ],
})
class AppModule {}
// #endregion

// #region hidden
async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/explorer/api/overview`;
  const refused = await fetch(url);
  const allowed = await fetch(url, { headers: { 'x-auditor-token': process.env.AUDITOR_TOKEN! } });
  const overview = (await allowed.json()) as { tip: number };
  console.log(refused.status, allowed.status, overview.tip);
  await app.close();
}

void main();
// #endregion
