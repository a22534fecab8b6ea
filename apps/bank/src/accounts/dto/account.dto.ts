// An account as the API shows it: its id, owner, balance (a decimal string) and document version.
import { ApiProperty } from '@nestjs/swagger';

export class AccountDto {
  @ApiProperty({ description: "The account's id: its document id in the ledger", example: '8kUO3kKMUbR2Fp5aQ6Ndsa' })
  id!: string;

  @ApiProperty({ example: 'Ann' })
  owner!: string;

  @ApiProperty({ description: 'The balance as a decimal string', example: '25.00' })
  balance!: string;

  @ApiProperty({ description: "The account document's version: 0 when opened, one more per command that changed it", example: 1 })
  version!: number;
}
