// The command handler explorer at bootstrap: handlers registered twice fail naming both, the
// @nestjs/cqrs @CommandHandler trap is caught (at bootstrap for a ledger @Command, on dispatch
// otherwise), and @Command names are what the journal records.
import { Injectable } from '@nestjs/common';
import { CommandHandler as CqrsCommandHandler } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { removeTempLedgers, tempLedgerPath } from '../engine/test-ledger.fixture';
import { Command, CommandBus, CommandHandlerNotFoundError, InvalidDefinitionError, type AggregateRepository } from '../event-sourcing';
import { creditedUpcaster, OpenWallet, Wallet } from '../event-sourcing/event-sourcing.fixture';
import { newJournalId } from '../journal';
import { CommandHandler } from './command-handler.decorator';
import { InjectAggregateRepository } from './inject-aggregate-repository.decorator';
import { LedgerModule } from './ledger.module';

afterAll(removeTempLedgers);

async function start(name: string, providers: unknown[]) {
  const ledger = LedgerModule.forRoot({ name, storage: { type: 'sqlite', database: tempLedgerPath(name) }, upcasters: [creditedUpcaster] });
  const moduleRef = await Test.createTestingModule({ imports: [ledger, LedgerModule.forFeature([Wallet])], providers: providers as never[] }).compile();
  return moduleRef.init();
}

@Command('wallet.open')
class OpenNamedWallet {
  constructor(readonly walletId: string) {}
}

@Injectable()
class NamedWalletHandler {
  constructor(@InjectAggregateRepository(Wallet) private readonly wallets: AggregateRepository<Wallet>) {}

  @CommandHandler(OpenNamedWallet)
  async open(command: OpenNamedWallet) {
    (await this.wallets.create(command.walletId)).open('named');
  }
}

describe('CommandHandlerExplorer', () => {
  it('records a command under its @Command name', async () => {
    const app = await start('named', [NamedWalletHandler]);
    const { block } = await app.get(CommandBus).dispatch(new OpenNamedWallet(newJournalId()));
    expect(block!.transactionInfo.statements.map((s) => s.statement)).toEqual(['wallet.open']);
    await app.close();
  });

  it('refuses a command handled twice, naming both handlers', async () => {
    @Injectable()
    class First {
      @CommandHandler(OpenWallet)
      open() {}
    }
    @Injectable()
    @CommandHandler(OpenWallet)
    class Second {
      execute() {}
    }
    await expect(start('twice', [First, Second])).rejects.toThrow(new InvalidDefinitionError('command OpenWallet has two handlers: First.open and Second.execute', OpenWallet));
  });

  it("fails bootstrap when @nestjs/cqrs's @CommandHandler handles a ledger @Command", async () => {
    @Injectable()
    @CqrsCommandHandler(OpenNamedWallet)
    class Misimported {
      execute() {}
    }
    await expect(start('misimported', [Misimported])).rejects.toThrow(
      "Misimported is decorated with @nestjs/cqrs's @CommandHandler(OpenNamedWallet), but OpenNamedWallet is a ledger @Command with no ledger handler: import CommandHandler from 'nestjs-ledger/nest' instead",
    );
  });

  it("names the @nestjs/cqrs handler when a command it claims is dispatched on the ledger's bus", async () => {
    class Ship {}
    @Injectable()
    @CqrsCommandHandler(Ship)
    class ShipHandler {
      execute() {}
    }
    const app = await start('cqrs-claimed', [ShipHandler]);
    await expect(app.get(CommandBus).execute(new Ship())).rejects.toThrow(
      new CommandHandlerNotFoundError(new Ship(), 'ShipHandler'),
    );
    await expect(app.get(CommandBus).execute(new Ship())).rejects.toThrow(/ShipHandler is decorated with @nestjs\/cqrs's @CommandHandler\(Ship\).*import CommandHandler from 'nestjs-ledger\/nest' instead/);
    await app.close();
  });
});
