// The digest signed with the bank's Ed25519 key, as a C2SP signed checkpoint note.
import { ApiProperty } from '@nestjs/swagger';
import { DigestDto } from './digest.dto';

export class SignedDigestDto extends DigestDto {
  @ApiProperty({ description: 'The C2SP signed note: origin, tree size, base64 digest, then the signature line', example: 'bank\n4\nY0f7mTqkqU1pWm8h3rV2dC1dZb9C8wE2oXg0M5kqfJY=\n\n— bank 3Wm1…\n' })
  note!: string;
}
