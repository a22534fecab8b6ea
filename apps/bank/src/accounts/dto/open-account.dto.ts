// The body of POST /accounts.
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class OpenAccountDto {
  @ApiProperty({ description: "The account holder's name", example: 'Ann', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  owner!: string;
}
