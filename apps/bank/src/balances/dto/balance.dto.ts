// One account's balance as the balances projection has it.
import { ApiProperty } from '@nestjs/swagger';

export class BalanceDto {
  @ApiProperty({ example: '8kUO3kKMUbR2Fp5aQ6Ndsa' })
  id!: string;

  @ApiProperty({ example: 'Ann' })
  owner!: string;

  @ApiProperty({ description: 'The balance as a decimal string', example: '74.50' })
  balance!: string;
}
