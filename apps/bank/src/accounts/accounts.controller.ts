// The accounts API: commands (open, deposit, withdraw, transfer), each committed as one block and
// answered with the accounts it changed and that block's address; reads through PartiQL.
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { CommandBus, newJournalId, type Block } from 'nestjs-ledger';
import { Deposit, OpenAccount, Transfer, Withdraw } from './account.commands';
import { AccountQueries } from './account-queries';
import { accountOf, accountReceiptOf, blockAddressOf, revisionIn } from './account-views';
import { AccountDto, AccountReceiptDto, AccountRevisionDto, AmountDto, OpenAccountDto, PageQueryDto, TransferDto, TransferReceiptDto } from './dto';
import { money } from './money';

@ApiTags('accounts')
@Controller()
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: AccountQueries,
  ) {}

  @Post('accounts')
  @ApiOperation({ summary: 'Opens an account with a zero balance' })
  @ApiCreatedResponse({ type: AccountReceiptDto })
  async open(@Body() body: OpenAccountDto): Promise<AccountReceiptDto> {
    const { value: id, block } = await this.commands.dispatch<string>(new OpenAccount(newJournalId(), body.owner));
    return accountReceiptOf(block as Block, id);
  }

  @Post('accounts/:id/deposits')
  @ApiOperation({ summary: 'Deposits money into an account' })
  @ApiCreatedResponse({ type: AccountReceiptDto })
  @ApiNotFoundResponse({ description: 'No account has that id' })
  deposit(@Param('id') id: string, @Body() body: AmountDto): Promise<AccountReceiptDto> {
    return this.commandOn(id, new Deposit(id, money(body.amount)));
  }

  @Post('accounts/:id/withdrawals')
  @ApiOperation({ summary: 'Withdraws money from an account; never below zero' })
  @ApiCreatedResponse({ type: AccountReceiptDto })
  @ApiNotFoundResponse({ description: 'No account has that id' })
  @ApiUnprocessableEntityResponse({ description: 'The balance is less than the amount (INSUFFICIENT_FUNDS)' })
  withdraw(@Param('id') id: string, @Body() body: AmountDto): Promise<AccountReceiptDto> {
    return this.commandOn(id, new Withdraw(id, money(body.amount)));
  }

  @Post('transfers')
  @ApiOperation({ summary: 'Moves money between two accounts in one block: both change or neither' })
  @ApiCreatedResponse({ type: TransferReceiptDto })
  @ApiNotFoundResponse({ description: 'No account has one of the ids' })
  @ApiUnprocessableEntityResponse({ description: 'The paying balance is less than the amount (INSUFFICIENT_FUNDS)' })
  async transfer(@Body() body: TransferDto): Promise<TransferReceiptDto> {
    const { block } = await this.commands.dispatch(new Transfer(body.from, body.to, money(body.amount)));
    const committed = block as Block;
    return { from: accountOf(revisionIn(committed, body.from)), to: accountOf(revisionIn(committed, body.to)), block: blockAddressOf(committed.blockAddress) };
  }

  @Get('accounts')
  @ApiOperation({ summary: 'Lists accounts by owner (PartiQL over the committed view)' })
  @ApiOkResponse({ type: [AccountDto] })
  list(@Query() page: PageQueryDto): Promise<AccountDto[]> {
    return this.queries.list(page.limit, page.offset);
  }

  @Get('accounts/:id')
  @ApiOperation({ summary: "An account's current state" })
  @ApiOkResponse({ type: AccountDto })
  @ApiNotFoundResponse({ description: 'No account has that id' })
  get(@Param('id') id: string): Promise<AccountDto> {
    return this.queries.get(id);
  }

  @Get('accounts/:id/history')
  @ApiOperation({ summary: 'Every version of an account, oldest first (PartiQL history())' })
  @ApiOkResponse({ type: [AccountRevisionDto] })
  @ApiNotFoundResponse({ description: 'No account has that id' })
  history(@Param('id') id: string): Promise<AccountRevisionDto[]> {
    return this.queries.history(id);
  }

  /** Runs a command on one account; answers the account after it and the block. */
  private async commandOn(id: string, command: Deposit | Withdraw): Promise<AccountReceiptDto> {
    const { block } = await this.commands.dispatch(command);
    return accountReceiptOf(block as Block, id);
  }
}
