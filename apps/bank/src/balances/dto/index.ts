// The balances API's responses.
export { BalanceDto } from './balance.dto';
export { BalancesDto } from './balances.dto';
export { EventPositionDto, ProjectionErrorDto, ProjectionStatusDto } from './projection-status.dto';
