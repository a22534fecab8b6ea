// The balances read model: a projection of the accounts' events into SQL, and its API.
export { BalancesModule } from './balances.module';
export { BalancesProjection, BALANCES_TABLE } from './balances.projection';
