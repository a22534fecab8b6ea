// Which proof: ?version= of the account's document, and optionally ?tip= (the block of a digest
// the auditor already holds; default the current tip).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

export class ProofQueryDto {
  @ApiProperty({ description: "The version of the account's document (0 when opened, one more per command)", example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  version!: number;

  @ApiPropertyOptional({ description: 'Prove against the digest at this block (default: the current tip)', example: 4 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  tip?: number;
}
