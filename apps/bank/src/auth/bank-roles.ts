// The sample's roles, in the ledger's access control: tellers run the account commands and read
// accounts and their history; auditors read everything and take digests, blocks, revisions,
// proofs, verifications and the journal's stream. The bank itself (bootstrap, the balances
// projection) runs as its administrator.
import type { Permission } from 'nestjs-ledger';
import { Deposit, OpenAccount, Transfer, Withdraw } from '../accounts/account.commands';

/** The principal of the bank's own work, and the ledger's one administrator. */
export const BANK_SERVICE = 'bank';

export type BankRole = 'teller' | 'auditor';

const ACCOUNT_COMMANDS = [OpenAccount, Deposit, Withdraw, Transfer].map((command): Permission => ({ action: 'command', command: command.name }));

export const BANK_ROLES: Readonly<Record<BankRole, Permission[]>> = {
  teller: [...ACCOUNT_COMMANDS, { action: 'select', table: 'Account' }, { action: 'history', table: 'Account' }],
  auditor: [
    { action: 'select' },
    { action: 'history' },
    { action: 'getDigest' },
    { action: 'getBlock' },
    { action: 'getRevision' },
    { action: 'verify' },
    { action: 'stream' },
  ],
};
