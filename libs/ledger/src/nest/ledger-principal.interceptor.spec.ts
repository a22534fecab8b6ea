// The principal of an HTTP request, through a real Nest application listening on a port: a guard
// authenticates (a header here), LedgerPrincipalInterceptor runs the handler as the principal it
// found, and the commands and ledger calls the handler makes are checked against that principal's
// roles and recorded in the blocks they write; a refusal is a 403 that wrote nothing.
import { Body, Controller, Get, Injectable, Module, Post, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { CommandBus, Ledger, runAsPrincipal } from '../index';
import { removeTempLedgers, tempLedgerPath } from '../engine/test-ledger.fixture';
import { creditedUpcaster, OpenWallet, Wallet } from '../event-sourcing/event-sourcing.fixture';
import { newJournalId } from '../journal';
import { LedgerExceptionFilter } from './ledger-exception.filter';
import { LedgerPrincipalInterceptor } from './ledger-principal.interceptor';
import { LedgerModule } from './ledger.module';
import { WalletCommandHandlers } from './wallet.fixture';

afterAll(removeTempLedgers);

/** Authenticates by the `x-user` header (in a real application: API keys, JWTs, sessions). */
@Injectable()
class HeaderAuthentication implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined>; principal?: string }>();
    if (http.headers['x-user']) http.principal = http.headers['x-user'];
    return true;
  }
}

@Controller()
class WalletController {
  constructor(
    private readonly commands: CommandBus,
    private readonly ledger: Ledger,
  ) {}

  @Post('wallets')
  async open(@Body() body: { owner: string }): Promise<{ sequenceNo?: number; principal?: unknown }> {
    const { block } = await this.commands.dispatch(new OpenWallet(newJournalId(), body.owner));
    return { sequenceNo: block?.blockAddress.sequenceNo, principal: block?.transactionInfo.principal };
  }

  @Get('digest')
  async digest(): Promise<{ tip: number }> {
    return { tip: (await this.ledger.getDigest()).digestTipAddress.sequenceNo };
  }
}

@Module({ imports: [LedgerModule.forFeature([Wallet])], providers: [WalletCommandHandlers], controllers: [WalletController] })
class WalletModule {}

let app: INestApplication;
let ledger: Ledger;

beforeAll(async () => {
  const storage = { type: 'sqlite' as const, database: tempLedgerPath('http-principal') };
  const moduleRef = await Test.createTestingModule({
    imports: [LedgerModule.forRoot({ name: 'http', storage, upcasters: [creditedUpcaster], accessControl: { administrators: ['ops'], servicePrincipal: 'ops', recheckMs: 0 } }), WalletModule],
    providers: [
      { provide: APP_GUARD, useClass: HeaderAuthentication },
      { provide: APP_INTERCEPTOR, useClass: LedgerPrincipalInterceptor },
      { provide: APP_FILTER, useClass: LedgerExceptionFilter },
    ],
  }).compile();
  app = moduleRef.createNestApplication({ logger: false });
  await app.listen(0, '127.0.0.1');
  ledger = app.get(Ledger);
  await runAsPrincipal('ops', async () => {
    await ledger.access.defineRole('teller', [{ action: 'command', command: 'OpenWallet' }]);
    await ledger.access.defineRole('auditor', [{ action: 'getDigest' }]);
    await ledger.access.grantRole('tina', 'teller');
    await ledger.access.grantRole('alan', 'auditor');
  });
});

afterAll(() => app?.close());

const tip = () => runAsPrincipal('ops', async () => (await ledger.getDigest()).digestTipAddress.sequenceNo);

describe('LedgerPrincipalInterceptor', () => {
  it("runs a request's command as its principal, recorded in the command's block", async () => {
    const response = await request(app.getHttpServer()).post('/wallets').set('x-user', 'tina').send({ owner: 'ann' }).expect(201);
    expect(response.body.principal).toBe('tina');
    const [block] = await runAsPrincipal('ops', () => ledger.readBlocks(response.body.sequenceNo, response.body.sequenceNo));
    expect(block.transactionInfo.principal).toBe('tina');
  });

  it('answers 403 with ACCESS_DENIED to a principal no role allows, and writes nothing', async () => {
    const before = await tip();
    const response = await request(app.getHttpServer()).post('/wallets').set('x-user', 'alan').send({ owner: 'ann' }).expect(403);
    expect(response.body).toMatchObject({ code: 'ACCESS_DENIED', message: expect.stringContaining('principal "alan" may not command on "OpenWallet"') });
    await request(app.getHttpServer()).get('/digest').set('x-user', 'tina').expect(403);
    expect(await tip()).toBe(before);
  });

  it('refuses a request without a principal, never running it as the service principal', async () => {
    const before = await tip();
    await request(app.getHttpServer()).post('/wallets').send({ owner: 'ann' }).expect(403);
    await request(app.getHttpServer()).get('/digest').expect(403);
    expect(await tip()).toBe(before);
  });

  it('lets an auditor read the digest', async () => {
    const response = await request(app.getHttpServer()).get('/digest').set('x-user', 'alan').expect(200);
    expect(response.body.tip).toBe(await tip());
  });
});
