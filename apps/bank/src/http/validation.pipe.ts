// The request validation of every endpoint: class-validator on the DTOs, unknown fields refused,
// the first failed constraint of each field reported, in a body shaped like the typed errors'
// ({ statusCode, code: 'INVALID_REQUEST', message }).
import { BadRequestException, HttpStatus, ValidationPipe, type ValidationError } from '@nestjs/common';

/** Every constraint message of `errors`, nested ones included. */
function messages(errors: ValidationError[]): string[] {
  return errors.flatMap((error) => [...Object.values(error.constraints ?? {}), ...messages(error.children ?? [])]);
}

export function bankValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new BadRequestException({ statusCode: HttpStatus.BAD_REQUEST, code: 'INVALID_REQUEST', message: messages(errors).join('; ') }),
  });
}
