// The parts shared by every ledger of an application: one CommandBus, and the explorer that
// registers the @CommandHandler providers on it. Imported (once) by each LedgerModule.forRoot.
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CommandBus } from '../event-sourcing';
import { CommandHandlerExplorer } from './command-handler.explorer';

@Module({
  imports: [DiscoveryModule],
  providers: [{ provide: CommandBus, useFactory: () => new CommandBus() }, CommandHandlerExplorer],
  exports: [CommandBus],
})
export class EventSourcingModule {}
