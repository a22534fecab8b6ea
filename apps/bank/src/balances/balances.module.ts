// The balances read model: its projection (run by the ledger module), reads and the controller.
import { Module } from '@nestjs/common';
import { BalanceReadModel } from './balance-read-model';
import { BalancesController } from './balances.controller';
import { BalancesProjection } from './balances.projection';

@Module({
  controllers: [BalancesController],
  providers: [BalancesProjection, BalanceReadModel],
})
export class BalancesModule {}
