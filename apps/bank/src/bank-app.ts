// Builds the bank's HTTP application (not yet listening): the root module on `config`, and the
// OpenAPI document served by Swagger UI at /docs (and as JSON at /docs-json).
import type { INestApplication, LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BankModule } from './bank.module';
import type { BankConfig } from './config';

export async function createBankApp(config: BankConfig, logger?: LoggerService | LogLevel[] | false): Promise<INestApplication> {
  const app = await NestFactory.create(BankModule.forRoot(config), { logger: logger ?? ['log', 'warn', 'error'] });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('nestjs-ledger sample bank')
      .setDescription(
        'Accounts as event-sourced aggregates on a verifiable ledger: every command is one hash-chained block. ' +
          'Amounts are decimal strings. The audit endpoints hand out digests, signed digests, proofs an auditor verifies offline, and a full verification.',
      )
      .setVersion('1')
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key', description: "a teller's or an auditor's API key" }, 'api-key')
      .addSecurityRequirements('api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
