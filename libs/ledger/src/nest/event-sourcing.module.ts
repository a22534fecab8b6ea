// The parts shared by every ledger of an application: one CommandBus, the explorer that
// registers the @CommandHandler providers on it, and the one that registers the @Projection
// providers on their ledgers' projections. Imported (once) by each LedgerModule.forRoot.
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CommandBus } from '../event-sourcing';
import { CommandHandlerExplorer } from './command-handler.explorer';
import { ProjectionExplorer } from './projection.explorer';

@Module({
  imports: [DiscoveryModule],
  providers: [{ provide: CommandBus, useFactory: () => new CommandBus() }, CommandHandlerExplorer, ProjectionExplorer],
  exports: [CommandBus],
})
export class EventSourcingModule {}
