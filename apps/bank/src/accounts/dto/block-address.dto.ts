// Where a block is in the journal: QLDB's block address.
import { ApiProperty } from '@nestjs/swagger';

export class BlockAddressDto {
  @ApiProperty({ description: "The journal's strand", example: 'JdxjkR9bSYB5jMHWcI464T' })
  strandId!: string;

  @ApiProperty({ description: "The block's position in the journal", example: 3 })
  sequenceNo!: number;
}
