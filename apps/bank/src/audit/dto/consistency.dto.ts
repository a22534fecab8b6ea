// The consistency endpoint's query (?tip= of a digest the client holds, optionally ?digest=) and
// its answer: the digest at that tip, the current digest, and the proof that the one extends the
// other (check it with the library's verifyConsistency).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBase64, IsInt, IsOptional, Min } from 'class-validator';
import { DigestDto } from './digest.dto';

export class ConsistencyQueryDto {
  @ApiProperty({ description: 'The tip block of the digest you hold', example: 4 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  tip!: number;

  @ApiPropertyOptional({ description: 'The digest you hold (base64): answered 409 when the ledger\'s digest at that tip is another' })
  @IsOptional()
  @IsBase64()
  digest?: string;
}

export class ConsistencyDto {
  @ApiProperty({ description: 'The digest at the tip you gave', type: DigestDto })
  oldDigest!: DigestDto;

  @ApiProperty({ description: 'The current digest', type: DigestDto })
  newDigest!: DigestDto;

  @ApiProperty({ description: 'The consistency proof (base64 hashes) from oldDigest to newDigest (RFC 9162 §2.1.4)', type: [String] })
  proof!: string[];

  @ApiProperty({ description: 'The same as a proof file (Ion text) with the new tip block\'s evidence, for `ledger verify-proof --digest <kept> --tip <tip>`' })
  proofFile!: string;
}
