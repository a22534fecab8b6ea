// The balances API: the read model the balances projection keeps, with the projection's status
// (it trails the journal by its lag), one account's balance, and a rebuild from the journal.
import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PageQueryDto } from '../accounts/dto';
import { BalanceReadModel } from './balance-read-model';
import { BalanceDto, BalancesDto, ProjectionStatusDto } from './dto';

@ApiTags('balances')
@Controller('balances')
export class BalancesController {
  constructor(private readonly readModel: BalanceReadModel) {}

  @Get()
  @ApiOperation({ summary: "Every account's balance from the balances projection (SQL on its table), and the projection's status" })
  @ApiOkResponse({ type: BalancesDto })
  async list(@Query() page: PageQueryDto): Promise<BalancesDto> {
    const projection = await this.readModel.status();
    return { projection, balances: await this.readModel.list(page.limit, page.offset) };
  }

  @Get('status')
  @ApiOperation({ summary: 'Where the balances projection stands: state, position, lag, error' })
  @ApiOkResponse({ type: ProjectionStatusDto })
  status(): Promise<ProjectionStatusDto> {
    return this.readModel.status();
  }

  @Get(':id')
  @ApiOperation({ summary: "One account's balance from the projection" })
  @ApiOkResponse({ type: BalanceDto })
  @ApiNotFoundResponse({ description: 'The projection has no account with that id (yet)' })
  get(@Param('id') id: string): Promise<BalanceDto> {
    return this.readModel.get(id);
  }

  @Post('rebuild')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Empties the read model and replays the projection from the start of the journal' })
  @ApiOkResponse({ type: ProjectionStatusDto })
  rebuild(): Promise<ProjectionStatusDto> {
    return this.readModel.rebuild();
  }
}
