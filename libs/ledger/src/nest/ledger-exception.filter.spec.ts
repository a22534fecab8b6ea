// LedgerExceptionFilter in a real Nest HTTP application: the library's typed errors answer with
// their status and code, an application's codes are mapped through LEDGER_HTTP_STATUSES, a 5xx
// answer keeps its message to the log, and errors that are not the ledger's are left to Nest.
import { Controller, Get, HttpStatus, Logger, Param, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { LedgerError } from '../errors';
import { DocumentNotFoundError, InvalidArgumentError, LedgerClosedError } from '../engine';
import { DEFAULT_LEDGER_HTTP_STATUSES, LEDGER_HTTP_STATUSES, LedgerExceptionFilter, ledgerHttpStatus } from './ledger-exception.filter';

class OverdrawnError extends LedgerError {
  readonly code = 'OVERDRAWN';
  constructor() {
    super('the account would be overdrawn');
  }
}

class StorageTroubleError extends LedgerError {
  readonly code = 'STORAGE_TROUBLE';
  constructor() {
    super('connection to postgres://ledger:s3cret@db.internal/ledger refused');
  }
}

const FAILURES: Record<string, () => Error> = {
  missing: () => new DocumentNotFoundError('Account', 'A1'),
  invalid: () => new InvalidArgumentError('amount must be positive', -1),
  closed: () => new LedgerClosedError('bank'),
  overdrawn: () => new OverdrawnError(),
  trouble: () => new StorageTroubleError(),
  plain: () => new Error('not the ledger'),
};

@Controller('fail')
class FailingController {
  @Get(':kind')
  fail(@Param('kind') kind: string): never {
    throw FAILURES[kind]();
  }
}

describe('LedgerExceptionFilter', () => {
  let app: INestApplication;
  const logged: string[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [FailingController],
      providers: [
        { provide: LEDGER_HTTP_STATUSES, useValue: { OVERDRAWN: HttpStatus.UNPROCESSABLE_ENTITY } },
        { provide: APP_FILTER, useClass: LedgerExceptionFilter },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
    await app.init();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
  });

  it("answers the library's errors with their status, code and message", async () => {
    const missing = await request(app.getHttpServer()).get('/fail/missing');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ statusCode: 404, code: 'DOCUMENT_NOT_FOUND', message: 'document "A1" not found in table "Account"' });
    const invalid = await request(app.getHttpServer()).get('/fail/invalid');
    expect(invalid.body).toEqual(expect.objectContaining({ statusCode: 400, code: 'INVALID_ARGUMENT' }));
  });

  it("maps an application's own codes through LEDGER_HTTP_STATUSES", async () => {
    const overdrawn = await request(app.getHttpServer()).get('/fail/overdrawn');
    expect(overdrawn.body).toEqual({ statusCode: 422, code: 'OVERDRAWN', message: 'the account would be overdrawn' });
  });

  it('keeps the message of a server-side failure to the log', async () => {
    const closed = await request(app.getHttpServer()).get('/fail/closed');
    expect(closed.status).toBe(503);
    const trouble = await request(app.getHttpServer()).get('/fail/trouble');
    expect(trouble.status).toBe(500);
    expect(trouble.body).toEqual({ statusCode: 500, code: 'STORAGE_TROUBLE', message: 'the request failed on the server (STORAGE_TROUBLE)' });
    expect(JSON.stringify(trouble.body)).not.toContain('s3cret');
    expect(logged).toContainEqual(expect.stringContaining('STORAGE_TROUBLE: connection to'));
  });

  it('leaves errors that are not the ledger\'s to Nest', async () => {
    const plain = await request(app.getHttpServer()).get('/fail/plain');
    expect(plain.body).toEqual({ statusCode: 500, message: 'Internal server error' });
  });

  it('has a status for every error code the library throws that a request can cause', () => {
    expect(ledgerHttpStatus(new DocumentNotFoundError('T', 'x'))).toBe(404);
    expect(ledgerHttpStatus(new OverdrawnError(), { OVERDRAWN: 409 })).toBe(409);
    expect(Object.keys(DEFAULT_LEDGER_HTTP_STATUSES)).toEqual(expect.arrayContaining(['OCC_CONFLICT', 'PARTIQL_SYNTAX', 'LIMIT_EXCEEDED', 'TABLE_NOT_FOUND']));
  });
});
