// The balances read model: a projection of the accounts' events into the table bank_balance of the
// ledger's own database, exactly once (its rows and its checkpoint commit in one transaction), so
// balances can be listed with plain SQL while the journal stays the source of truth. Balances are
// kept as decimal strings and added as money, never as floating-point numbers.
import { Decimal, On, Projection, type ProjectionSqlContext, type TransactionalProjectionContext } from 'nestjs-ledger';
import { AccountOpened, MoneyDeposited, MoneyWithdrawn } from '../accounts/account.events';
import { addMoney, moneyText, subtractMoney, ZERO_MONEY } from '../accounts/money';

type Query = ProjectionSqlContext['query'];

export const BALANCES_TABLE = 'bank_balance';

/** Creates the read model's table when it is absent. */
export async function createBalancesTable(query: Query): Promise<void> {
  await query(`CREATE TABLE IF NOT EXISTS ${BALANCES_TABLE} (account_id TEXT PRIMARY KEY, owner TEXT NOT NULL, balance TEXT NOT NULL)`);
}

@Projection('balances', { delivery: 'exactly-once' })
export class BalancesProjection {
  prepare({ query }: ProjectionSqlContext): Promise<void> {
    return createBalancesTable(query);
  }

  @On(AccountOpened)
  async opened(event: AccountOpened, { query }: TransactionalProjectionContext): Promise<void> {
    await query(`INSERT INTO ${BALANCES_TABLE} (account_id, owner, balance) VALUES (?, ?, ?)`, [event.accountId, event.owner, moneyText(ZERO_MONEY)]);
  }

  @On(MoneyDeposited)
  async deposited(event: MoneyDeposited, { query }: TransactionalProjectionContext): Promise<void> {
    await changeBalance(query, event.accountId, (balance) => addMoney(balance, event.amount));
  }

  @On(MoneyWithdrawn)
  async withdrawn(event: MoneyWithdrawn, { query }: TransactionalProjectionContext): Promise<void> {
    await changeBalance(query, event.accountId, (balance) => subtractMoney(balance, event.amount));
  }

  async reset({ query }: ProjectionSqlContext): Promise<void> {
    await query(`DELETE FROM ${BALANCES_TABLE}`);
  }
}

/** Reads an account's balance, changes it and writes it back, in the projection's transaction. */
async function changeBalance(query: Query, accountId: string, change: (balance: Decimal) => Decimal): Promise<void> {
  const [row] = await query<{ balance: string }>(`SELECT balance FROM ${BALANCES_TABLE} WHERE account_id = ?`, [accountId]);
  await query(`UPDATE ${BALANCES_TABLE} SET balance = ? WHERE account_id = ?`, [moneyText(change(new Decimal(row.balance))), accountId]);
}
