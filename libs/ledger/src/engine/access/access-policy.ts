// Who may do what, as the grants say at one point of the journal: roles hold permissions,
// principals hold roles, and the ledger's administrators (from its options) hold every permission.
// A question is answered from sets built once per policy, so a check costs a few map lookups.
import { EVERY, isTableAction, type AccessAction, type Permission } from './ledger-actions';

/** A role and what it allows. */
export interface RoleGrant {
  role: string;
  permissions: Permission[];
}

/** A principal and the roles granted to it. */
export interface PrincipalGrant {
  principal: string;
  roles: string[];
}

/** The grants in force: roles, principals, and the administrators configured for the ledger. */
export interface AccessGrants {
  roles: RoleGrant[];
  principals: PrincipalGrant[];
  administrators: readonly string[];
}

export class AccessPolicy {
  private readonly allowed = new Map<string, Set<string>>();

  constructor(readonly grants: AccessGrants) {
    const byRole = new Map(grants.roles.map((role) => [role.role, role.permissions.map(keyOfPermission)]));
    for (const { principal, roles } of grants.principals) {
      this.allowed.set(principal, new Set(roles.flatMap((role) => byRole.get(role) ?? [])));
    }
  }

  /** Whether `principal` may do `action` on `on` (a table or command name; undefined for the ledger). */
  allows(principal: string | null, action: AccessAction, on?: string): boolean {
    if (principal === null) return false;
    if (this.grants.administrators.includes(principal)) return true;
    const keys = this.allowed.get(principal);
    return keys !== undefined && (keys.has(keyOf(action, on)) || (on !== undefined && keys.has(keyOf(action, EVERY))));
  }

  /** The principals that may do `action` on `on`: administrators first, then those whose roles allow it. */
  whoMay(action: AccessAction, on?: string): string[] {
    const granted = this.grants.principals.map((p) => p.principal).filter((principal) => this.allows(principal, action, on));
    return [...new Set([...this.grants.administrators, ...granted])];
  }
}

function keyOfPermission(permission: Permission): string {
  const on = 'table' in permission ? permission.table : 'command' in permission ? permission.command : undefined;
  return keyOf(permission.action, on ?? (permission.action === 'command' || isTableAction(permission.action) ? EVERY : undefined));
}

function keyOf(action: string, on: string | undefined): string {
  return on === undefined ? action : `${action}\u0000${on}`;
}
