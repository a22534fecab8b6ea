// The body of POST /transfers: two account ids and an amount as a decimal string.
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';
import { AmountDto } from './amount.dto';

export class TransferDto extends AmountDto {
  @ApiProperty({ description: 'The account the money leaves', example: '8kUO3kKMUbR2Fp5aQ6Ndsa' })
  @IsString()
  @IsNotEmpty()
  from!: string;

  @ApiProperty({ description: 'The account the money goes to', example: '3bQ1fJ2bX6qVhcE5wZ0rTm' })
  @IsString()
  @IsNotEmpty()
  to!: string;
}
