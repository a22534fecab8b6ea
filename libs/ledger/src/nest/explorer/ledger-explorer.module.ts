// LedgerExplorerModule.register({ path }): the journal explorer mounted at `path` of the
// application: its pages (an HTML shell, the bundled script and style sheet) and the read-only
// JSON API they call. Routes are an ordinary controller, so the application's global guards apply,
// and `guards` adds more for the explorer alone. Hashing and proof checks run in the browser.
import { Body, Controller, Get, Header, HttpException, HttpStatus, Inject, Logger, Module, Param, ParseIntPipe, Post, Query, Req, SetMetadata, Sse, UseGuards, type DynamicModule, type MessageEvent } from '@nestjs/common';
import { join } from 'node:path';
import { map, type Observable } from 'rxjs';
import type { Ledger } from '../../engine';
import { LedgerError } from '../../errors';
import type { JsonValue } from '../../ion';
import { getLedgerToken } from '../ledger.tokens';
import { MAX_PERIODS } from './block-activity';
import { ExplorerApi, MAX_PAGE } from './explorer-api';
import { EXPLORER_CSP, ExplorerAssets, explorerShell } from './explorer-assets';
import { ExplorerAssetsMissingError } from './explorer-assets-missing.error';
import type { LedgerExplorerOptions } from './explorer-options';

const DEFAULT_QUERY_ROWS = 200;
const DEFAULT_PAGE = 20;
const DEFAULT_PERIODS = 24;
/** @nestjs/swagger's ApiExcludeController metadata: the explorer's routes are its pages' own, not the application's API. */
const SWAGGER_EXCLUDE_CONTROLLER = 'swagger/apiExcludeController';

@Module({})
export class LedgerExplorerModule {
  /** The explorer at `options.path`, on the default ledger or the one `options.ledger` names. */
  static register(options: LedgerExplorerOptions): DynamicModule {
    return { module: LedgerExplorerModule, controllers: [explorerController(options)] };
  }
}

/** A controller class of its own per registration, at the registration's path. */
function explorerController(options: LedgerExplorerOptions) {
  const assets = new ExplorerAssets(options.assetsDir ?? join(__dirname, 'assets'));
  const limits = { publicKey: options.publicKey, maxQueryRows: options.maxQueryRows ?? DEFAULT_QUERY_ROWS };

  @Controller(options.path)
  @SetMetadata(SWAGGER_EXCLUDE_CONTROLLER, [true])
  @UseGuards(...(options.guards ?? []))
  class LedgerExplorerController {
    private readonly api: ExplorerApi;

    constructor(@Inject(getLedgerToken(options.ledger)) ledger: Ledger) {
      this.api = new ExplorerApi(ledger, limits);
      if (!assets.built) new Logger('LedgerExplorerModule').warn(`the explorer's pages are not built in ${assets.directory} (node scripts/build-explorer.js): its API answers, its pages do not`);
    }

    @Get()
    @Header('Content-Type', 'text/html; charset=utf-8')
    @Header('Content-Security-Policy', EXPLORER_CSP)
    page(@Req() request: { originalUrl?: string; url: string }): string {
      return explorerShell(request.originalUrl ?? request.url);
    }

    @Get('assets/explorer.js')
    @Header('Content-Type', 'text/javascript; charset=utf-8')
    script(): string {
      return served(() => assets.script);
    }

    @Get('assets/explorer.css')
    @Header('Content-Type', 'text/css; charset=utf-8')
    styles(): string {
      return served(() => assets.styles);
    }

    @Get('api/overview')
    overview(): Promise<JsonValue> {
      return answer(() => this.api.overview());
    }

    @Get('api/activity')
    activity(@Query('periods') periods?: string): Promise<JsonValue> {
      return answer(() => this.api.activity(optionalCount(periods, 'periods', MAX_PERIODS) ?? DEFAULT_PERIODS));
    }

    @Get('api/blocks')
    blocks(@Query('last') last?: string, @Query('limit') limit?: string): Promise<JsonValue> {
      return answer(() => this.api.blocks(optionalCount(last, 'last', Number.MAX_SAFE_INTEGER), optionalCount(limit, 'limit', MAX_PAGE) ?? DEFAULT_PAGE));
    }

    @Get('api/blocks/:sequenceNo')
    block(@Param('sequenceNo', ParseIntPipe) sequenceNo: number): Promise<JsonValue> {
      return answer(() => this.api.block(sequenceNo));
    }

    @Get('api/blocks/:sequenceNo/revisions/:documentId')
    revision(@Param('sequenceNo', ParseIntPipe) sequenceNo: number, @Param('documentId') documentId: string): Promise<JsonValue> {
      return answer(() => this.api.revisionProof(sequenceNo, documentId));
    }

    @Sse('api/tail')
    tail(@Query('from') from?: string): Observable<MessageEvent> {
      return this.api.tail(optionalCount(from, 'from', Number.MAX_SAFE_INTEGER)).pipe(map((summary) => ({ data: summary, id: String(summary.sequenceNo) })));
    }

    @Get('api/consistency/:tip')
    consistency(@Param('tip', ParseIntPipe) tip: number): Promise<JsonValue> {
      return answer(() => this.api.consistencyProof(tip));
    }

    @Get('api/documents/:table/:documentId')
    history(@Param('table') table: string, @Param('documentId') documentId: string): Promise<JsonValue> {
      return answer(() => this.api.history(table, documentId));
    }

    @Post('api/query')
    query(@Body() body: { statement?: unknown }): Promise<JsonValue> {
      const statement = body?.statement;
      if (typeof statement !== 'string') throw new HttpException({ code: 'INVALID_ARGUMENT', message: 'the body must be { "statement": "<PartiQL>" }' }, HttpStatus.BAD_REQUEST);
      return answer(() => this.api.query(statement));
    }
  }
  return LedgerExplorerController;
}

/** A count from the query string, at most `max`; 400 for anything but digits. */
function optionalCount(text: string | undefined, name: string, max: number): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,15}$/.test(text)) throw new HttpException({ code: 'INVALID_ARGUMENT', message: `${name} must be a non-negative integer, not ${JSON.stringify(text)}` }, HttpStatus.BAD_REQUEST);
  return Math.min(Number(text), max);
}

/** A built file's text; a missing build answers 500 with the error's code and message (which say how to build it). */
function served(read: () => string): string {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ExplorerAssetsMissingError)) throw error;
    throw new HttpException({ code: error.code, message: error.message }, HttpStatus.INTERNAL_SERVER_ERROR);
  }
}

/** The API's answer; the library's typed errors become 404 (…NOT_FOUND) or 400 with their code and message. */
async function answer(work: () => Promise<JsonValue>): Promise<JsonValue> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof LedgerError)) throw error;
    const status = error.code.endsWith('NOT_FOUND') ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
    throw new HttpException({ code: error.code, message: error.message }, status);
  }
}
