// GET /balances: every account's balance from the projection, and where the projection stands.
import { ApiProperty } from '@nestjs/swagger';
import { BalanceDto } from './balance.dto';
import { ProjectionStatusDto } from './projection-status.dto';

export class BalancesDto {
  @ApiProperty({ type: ProjectionStatusDto, description: 'The read model is as of this position' })
  projection!: ProjectionStatusDto;

  @ApiProperty({ type: [BalanceDto] })
  balances!: BalanceDto[];
}
