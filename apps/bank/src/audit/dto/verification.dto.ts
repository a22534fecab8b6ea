// The result of verifying the whole ledger: valid, or the problems with the block each was found in.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LedgerProblemDto {
  @ApiProperty({ example: 'REVISION_HASH_MISMATCH' })
  code!: string;

  @ApiProperty({ example: 'block 3: revision 0 of document 8kUO3kKMUbR2Fp5aQ6Ndsa does not hash to its stored hash' })
  message!: string;

  @ApiPropertyOptional({ description: 'The block the problem is in', example: 3 })
  sequenceNo?: number;
}

export class VerificationDto {
  @ApiProperty()
  valid!: boolean;

  @ApiProperty({ description: 'Blocks re-hashed and checked' })
  blocksVerified!: number;

  @ApiProperty({ type: [LedgerProblemDto], description: 'Every problem found (empty when valid)' })
  problems!: LedgerProblemDto[];
}
