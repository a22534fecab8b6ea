// The body of a deposit or a withdrawal: an amount as a decimal string (never a JSON number, so no
// binary floating point ever touches money).
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { AMOUNT_PATTERN } from '../money';

export const AMOUNT_MESSAGE = 'amount must be a decimal string with at most two fractional digits, such as "25.50"';

export class AmountDto {
  @ApiProperty({ description: 'A positive decimal string, at most two fractional digits', example: '25.00', pattern: AMOUNT_PATTERN.source })
  @IsString({ message: AMOUNT_MESSAGE })
  @Matches(AMOUNT_PATTERN, { message: AMOUNT_MESSAGE })
  amount!: string;
}
