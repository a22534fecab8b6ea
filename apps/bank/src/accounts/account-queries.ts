// The bank's reads, in PartiQL on the ledger: every account, one account, an account's history, the
// block that committed one of its versions. Each lookup by id is planned as a document-id read.
import { Injectable } from '@nestjs/common';
import { AggregateNotFoundError, Ledger, type BlockAddress } from 'nestjs-ledger';
import { accountOf, accountRevisionOf } from './account-views';
import type { AccountDto, AccountRevisionDto } from './dto';
import { VersionNotFoundError } from './version-not-found.error';

@Injectable()
export class AccountQueries {
  constructor(private readonly ledger: Ledger) {}

  /** Accounts ordered by owner then id, `limit` from `offset`. */
  async list(limit: number, offset: number): Promise<AccountDto[]> {
    const rows = await this.ledger.query('SELECT c.data, c.metadata FROM _ql_committed_Account AS c ORDER BY c.data.owner, c.metadata.id LIMIT ? OFFSET ?', limit, offset);
    return rows.map(accountOf);
  }

  /** The account's current state; AggregateNotFoundError when there is none. */
  async get(id: string): Promise<AccountDto> {
    const [row] = await this.ledger.query('SELECT c.data, c.metadata FROM _ql_committed_Account AS c WHERE c.metadata.id = ?', id);
    if (row === undefined) throw new AggregateNotFoundError('Account', id);
    return accountOf(row);
  }

  /** Every version of the account, oldest first; AggregateNotFoundError when there is none. */
  async history(id: string): Promise<AccountRevisionDto[]> {
    const rows = await this.ledger.query('SELECT * FROM history(Account) AS h WHERE h.metadata.id = ? ORDER BY h.metadata.version', id);
    if (rows.length === 0) throw new AggregateNotFoundError('Account', id);
    return rows.map(accountRevisionOf);
  }

  /** The block that committed version `version` of the account. */
  async blockOf(id: string, version: number): Promise<BlockAddress> {
    const [address] = await this.ledger.query<BlockAddress>('SELECT VALUE h.blockAddress FROM history(Account) AS h WHERE h.metadata.id = ? AND h.metadata.version = ?', id, version);
    if (address !== undefined) return address;
    await this.get(id);
    throw new VersionNotFoundError(id, version);
  }
}
