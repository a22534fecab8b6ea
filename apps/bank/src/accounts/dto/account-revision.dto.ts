// One version of an account in its history: the account then, and where and when it was committed.
import { ApiProperty } from '@nestjs/swagger';
import { AccountDto } from './account.dto';
import { BlockAddressDto } from './block-address.dto';

export class AccountRevisionDto extends AccountDto {
  @ApiProperty({ description: 'The block that committed this version', type: BlockAddressDto })
  blockAddress!: BlockAddressDto;

  @ApiProperty({ description: "The revision's hash (base64), what its proof starts from", example: 'b2D5l7m0kC1XyXHc3sE0Q9y0p8J8tS5H2wKx1c9p0nQ=' })
  hash!: string;

  @ApiProperty({ description: 'When its transaction committed (ISO 8601)', example: '2026-11-21T09:00:00.000Z' })
  txTime!: string;

  @ApiProperty({ description: "Its transaction's id", example: 'L7S9iJqcn9W4M5xyFSLgPo' })
  txId!: string;
}
