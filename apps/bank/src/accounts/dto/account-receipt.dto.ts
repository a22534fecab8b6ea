// What a command on one account answers: the account after it, and the block that committed it.
import { ApiProperty } from '@nestjs/swagger';
import { AccountDto } from './account.dto';
import { BlockAddressDto } from './block-address.dto';

export class AccountReceiptDto extends AccountDto {
  @ApiProperty({ description: 'The block that committed the command', type: BlockAddressDto })
  block!: BlockAddressDto;
}
