// The ledger's digest: the root of its Merkle tree at a tip, what every proof folds to.
import { ApiProperty } from '@nestjs/swagger';
import { BlockAddressDto } from '../../accounts/dto';

export class DigestDto {
  @ApiProperty({ description: 'The digest (SHA-256, base64): give it to `ledger verify-proof --digest`', example: 'Y0f7mTqkqU1pWm8h3rV2dC1dZb9C8wE2oXg0M5kqfJY=' })
  digest!: string;

  @ApiProperty({ description: 'The last block the digest covers', type: BlockAddressDto })
  digestTipAddress!: BlockAddressDto;
}
