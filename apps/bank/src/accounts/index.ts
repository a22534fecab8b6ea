// The bank's accounts: domain (aggregate, events, commands, handlers, money) and their module.
export { Account } from './account.aggregate';
export { AccountOpened, MoneyDeposited, MoneyWithdrawn } from './account.events';
export { checkAmount, checkOwner, Deposit, OpenAccount, Transfer, Withdraw } from './account.commands';
export { CashDesk, OpenAccountHandler, TransferHandler } from './account.handlers';
export { AccountQueries } from './account-queries';
export { AccountsModule } from './accounts.module';
export { InsufficientFundsError } from './insufficient-funds.error';
export { InvalidAmountError } from './invalid-amount.error';
export { VersionNotFoundError } from './version-not-found.error';
export { addMoney, compareMoney, isMoney, isPositiveMoney, money, moneyText, subtractMoney, ZERO_MONEY } from './money';
