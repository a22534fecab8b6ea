// What a transfer answers: both accounts after it, and the one block that committed both.
import { ApiProperty } from '@nestjs/swagger';
import { AccountDto } from './account.dto';
import { BlockAddressDto } from './block-address.dto';

export class TransferReceiptDto {
  @ApiProperty({ type: AccountDto })
  from!: AccountDto;

  @ApiProperty({ type: AccountDto })
  to!: AccountDto;

  @ApiProperty({ description: 'The block that committed both changes', type: BlockAddressDto })
  block!: BlockAddressDto;
}
