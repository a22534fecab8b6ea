// The parts shared by every ledger of an application: one CommandBus, the explorer that
// registers the @CommandHandler providers on it, those that register the @Projection and
// @ProcessManager providers on their ledgers, and the health indicator of every ledger. Imported
// (once) by each LedgerModule.forRoot.
import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CommandBus } from '../event-sourcing';
import { CommandHandlerExplorer } from './command-handler.explorer';
import { LedgerHealthIndicator } from './ledger-health.indicator';
import { ProcessManagerExplorer } from './process-manager.explorer';
import { ProjectionExplorer } from './projection.explorer';

@Module({
  imports: [DiscoveryModule],
  providers: [{ provide: CommandBus, useFactory: () => new CommandBus() }, CommandHandlerExplorer, ProjectionExplorer, ProcessManagerExplorer, LedgerHealthIndicator],
  exports: [CommandBus, LedgerHealthIndicator],
})
export class EventSourcingModule {}
