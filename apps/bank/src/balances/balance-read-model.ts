// Reads the balances projection's table (plain SQL on the ledger's database) and where the
// projection stands; makes sure the table exists before the first request, whether or not the
// projection has started yet.
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AggregateNotFoundError, Ledger, Projections, runAsPrincipal } from 'nestjs-ledger';
import { BANK_SERVICE } from '../auth/bank-roles';
import { BALANCES_TABLE, createBalancesTable } from './balances.projection';
import type { BalanceDto, ProjectionStatusDto } from './dto';

interface BalanceRow {
  account_id: string;
  owner: string;
  balance: string;
}

@Injectable()
export class BalanceReadModel implements OnApplicationBootstrap {
  constructor(
    private readonly ledger: Ledger,
    private readonly projections: Projections,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ledger.writeDatabase(createBalancesTable);
  }

  /** Balances by owner, `limit` from `offset`. */
  async list(limit: number, offset: number): Promise<BalanceDto[]> {
    const rows = await this.ledger.readDatabase((query) =>
      query<BalanceRow>(`SELECT account_id, owner, balance FROM ${BALANCES_TABLE} ORDER BY owner, account_id LIMIT ? OFFSET ?`, [limit, offset]),
    );
    return rows.map(balanceOf);
  }

  /** One account's balance; AggregateNotFoundError when the projection has not seen it opened. */
  async get(id: string): Promise<BalanceDto> {
    const [row] = await this.ledger.readDatabase((query) => query<BalanceRow>(`SELECT account_id, owner, balance FROM ${BALANCES_TABLE} WHERE account_id = ?`, [id]));
    if (row === undefined) throw new AggregateNotFoundError('Account', id);
    return balanceOf(row);
  }

  /** Where the projection stands: the bank's own bookkeeping (it reads block headers), run as the bank whoever asks. */
  async status(): Promise<ProjectionStatusDto> {
    return runAsPrincipal(BANK_SERVICE, () => this.projections.status('balances'));
  }

  /** Replays the projection from the start of the journal, as the bank; answers where it then stands. */
  async rebuild(): Promise<ProjectionStatusDto> {
    await runAsPrincipal(BANK_SERVICE, () => this.projections.rebuild('balances'));
    return this.status();
  }
}

function balanceOf(row: BalanceRow): BalanceDto {
  return { id: row.account_id, owner: row.owner, balance: row.balance };
}
