// Sets the sample's roles up in the ledger at bootstrap, as the bank's administrator: each role
// defined as BANK_ROLES says and granted to the principal of its key. Only what differs is
// written, so a restart adds no block.
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Ledger, type AccessGrants, type Permission } from 'nestjs-ledger';
import { BANK_ROLES, type BankRole } from './bank-roles';

@Injectable()
export class BankAccessSetup implements OnApplicationBootstrap {
  constructor(private readonly ledger: Ledger) {}

  async onApplicationBootstrap(): Promise<void> {
    const grants = await this.ledger.access.grants();
    for (const [role, permissions] of Object.entries(BANK_ROLES) as Array<[BankRole, Permission[]]>) {
      if (!defined(grants, role, permissions)) await this.ledger.access.defineRole(role, permissions);
      if (!grants.principals.some((p) => p.principal === role && p.roles.includes(role))) await this.ledger.access.grantRole(role, role);
    }
  }
}

function defined(grants: AccessGrants, role: string, permissions: Permission[]): boolean {
  const stored = grants.roles.find((r) => r.role === role);
  return stored !== undefined && JSON.stringify(stored.permissions) === JSON.stringify(permissions);
}
