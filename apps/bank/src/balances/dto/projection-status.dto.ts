// Where a projection stands: its state, the position of the next event it will handle, how many
// blocks it is behind, and why it stopped if it did.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class EventPositionDto {
  @ApiProperty({ description: 'The block', example: 7 })
  sequenceNo!: number;

  @ApiProperty({ description: "The event's place in the block", example: 0 })
  index!: number;
}

export class ProjectionErrorDto {
  @ApiProperty()
  message!: string;

  @ApiProperty({ type: EventPositionDto })
  position!: EventPositionDto;
}

export class ProjectionStatusDto {
  @ApiProperty({ example: 'balances' })
  name!: string;

  @ApiProperty({ enum: ['standby', 'running', 'caught-up', 'failed', 'stopped'], example: 'caught-up' })
  state!: string;

  @ApiProperty({ type: EventPositionDto, description: 'The next event it will handle' })
  position!: EventPositionDto;

  @ApiProperty({ description: 'Blocks committed after the last event it handled (0 when caught up)', example: 0 })
  lag!: number;

  @ApiPropertyOptional({ type: ProjectionErrorDto })
  error?: ProjectionErrorDto;
}
