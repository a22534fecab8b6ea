// `ledger.access`: the ledger's access control. Roles and their permissions, and the roles of each
// principal, are documents of the grants' table changed only here, each change a block of its own
// naming who made it; the grants in force are read from that table, checked against the journal,
// and kept until they change. Transactions get their authority here: the principal they run as
// (given, else the running code's, else the configured service principal) and the policy their
// actions are checked against.
import type { IonStructObject, IonValue } from '../../ion';
import type { Catalog } from '../catalog';
import { AccessDeniedError, AccessGrantsTamperedError, InvalidArgumentError, TableNotFoundError } from '../errors';
import type { JournalProofs, LedgerRead } from '../journal-proofs';
import type { Transaction } from '../transaction';
import { maxSequenceOfTable } from '../../storage';
import { AccessPolicy, type AccessGrants } from './access-policy';
import { ADMINISTRATORS_SETTING, loadGrants, type LoadedGrants } from './grants-loader';
import { asGrantsWriter, GRANTS_TABLE } from './grants-table';
import { checkName, checkPermission, type AccessAction, type LedgerAction, type Permission } from './ledger-actions';
import { currentPrincipalScope, inPrincipalScope, runCovered } from './principal-context';
import { TransactionAuthority } from './transaction-authority';
import type { AccessControlOptions } from './access-control-options';

export type { AccessControlOptions } from './access-control-options';

/** What the access control needs of its ledger. */
export interface LedgerAccessPorts {
  read: LedgerRead;
  proofs: JournalProofs;
  catalog(): Catalog;
  strandId(): string;
  /** Runs a transaction of the ledger as `principal` (null: none), else as the running code's principal. */
  transact(work: (tx: Transaction) => Promise<void>, principal: null | undefined): Promise<void>;
}

interface CachedPolicy {
  policy: AccessPolicy;
  loaded: LoadedGrants;
  checkedAt: number;
}

export class LedgerAccess {
  /** The policy being read, or read. */
  private cached: Promise<CachedPolicy> | undefined;
  /** The policy read, once it is. */
  private held: CachedPolicy | undefined;
  private readonly administrators: readonly string[];
  private readonly recheckMs: number;

  constructor(
    private readonly options: AccessControlOptions | undefined,
    private readonly ports: LedgerAccessPorts,
  ) {
    this.administrators = options ? checkOptions(options) : [];
    this.recheckMs = options?.recheckMs ?? 1000;
  }

  /** Whether access control is configured: actions are then checked, and every block names its principal. */
  get enabled(): boolean {
    return this.options !== undefined;
  }

  /** The grants in force (roles, principals' roles, administrators); needs `select` on the grants' table. */
  async grants(): Promise<AccessGrants> {
    const { policy } = await this.current();
    await this.authorize('select', GRANTS_TABLE);
    return policy.grants;
  }

  /** Whether `principal` may do `action` on `on` (a table or a command; omitted for ledger actions) under the grants in force. */
  async allows(principal: string, action: AccessAction, on?: string): Promise<boolean> {
    return (await this.current()).policy.allows(checkName(principal, 'a principal'), action, on);
  }

  /** Who may do `action` on `on` under the grants in force: the administrators and the principals whose roles allow it. */
  async whoMay(action: AccessAction, on?: string): Promise<string[]> {
    return (await this.current()).policy.whoMay(action, on);
  }

  /** Defines `role` as exactly `permissions` (replacing what it allowed before), in a block of its own. */
  async defineRole(role: string, permissions: readonly Permission[]): Promise<void> {
    checkName(role, 'a role');
    if (!Array.isArray(permissions)) throw new InvalidArgumentError('a role\'s permissions are an array of { action, table? | command? }', permissions);
    const checked = permissions.map(checkPermission);
    await this.change('DEFINE ROLE ? AS ?', [role, checked], async (tx, statement) => {
      await upsert(tx, { role }, { role, permissions: checked as IonStructObject[] }, statement);
    });
  }

  /**
   * Journals the configured administrators when they differ from those last journaled (or none
   * were): a block of its own, `SET ADMINISTRATORS ?`, naming no principal, since the deployment's
   * configuration made the change. From then on the journaled set is the one in force. Run at
   * open; a ledger opened read-only journals nothing and checks against the journaled set. Grants
   * found tampered with are left for the first check to refuse.
   */
  async journalAdministrators(readOnly: boolean): Promise<void> {
    if (!this.enabled || readOnly) return;
    const journaled = await Promise.resolve(this.current()).then(
      ({ loaded }) => loaded.administrators,
      (error: unknown) => {
        if (error instanceof AccessGrantsTamperedError) return this.administrators;
        throw error;
      },
    );
    if (journaled !== undefined && sameMembers(journaled, this.administrators)) return;
    const principals = [...this.administrators];
    const journal = (tx: Transaction, statement: number) => upsert(tx, { setting: ADMINISTRATORS_SETTING }, { setting: ADMINISTRATORS_SETTING, principals }, statement);
    await this.change('SET ADMINISTRATORS ?', [principals], journal, true);
  }

  /** Drops a role: the principals holding it lose its permissions. */
  async dropRole(role: string): Promise<void> {
    checkName(role, 'a role');
    await this.change('DROP ROLE ?', [role], async (tx, statement) => {
      const [existing] = await tx.find(GRANTS_TABLE, { role });
      if (!existing) throw new InvalidArgumentError(`role ${JSON.stringify(role)} is not defined`, role);
      await tx.delete(GRANTS_TABLE, existing.documentId, { statement });
    });
  }

  /** Grants a defined role to a principal. */
  async grantRole(principal: string, role: string): Promise<void> {
    checkName(principal, 'a principal');
    checkName(role, 'a role');
    await this.change('GRANT ROLE ? TO ?', [role, principal], async (tx, statement) => {
      if ((await tx.find(GRANTS_TABLE, { role })).length === 0) throw new InvalidArgumentError(`role ${JSON.stringify(role)} is not defined: define it with defineRole first`, role);
      const [existing] = await tx.find(GRANTS_TABLE, { principal });
      const roles = (existing?.data.roles as string[] | undefined) ?? [];
      if (!roles.includes(role)) await upsert(tx, { principal }, { principal, roles: [...roles, role] }, statement);
    });
  }

  /** Revokes a role from a principal (nothing happens when it does not hold it). */
  async revokeRole(principal: string, role: string): Promise<void> {
    checkName(principal, 'a principal');
    checkName(role, 'a role');
    await this.change('REVOKE ROLE ? FROM ?', [role, principal], async (tx, statement) => {
      const [existing] = await tx.find(GRANTS_TABLE, { principal });
      const roles = (existing?.data.roles as string[] | undefined) ?? [];
      if (!existing || !roles.includes(role)) return;
      const left = roles.filter((held) => held !== role);
      if (left.length) await tx.update(GRANTS_TABLE, existing.documentId, { principal, roles: left }, { statement });
      else await tx.delete(GRANTS_TABLE, existing.documentId, { statement });
    });
  }

  /**
   * The authority of a transaction: its principal (`given`, else the running code's, else the
   * service principal) and, with access control, the policy in force. Undefined when there is
   * nothing to record or check. A `command` must be allowed to the principal, and then covers the
   * transaction's table actions.
   */
  async authority(given: string | null | undefined, command: string | undefined): Promise<TransactionAuthority | undefined> {
    const principal = this.principalOf(given);
    if (!this.enabled) return principal === undefined || principal === null ? undefined : new TransactionAuthority(principal, undefined, undefined, undefined);
    const { policy, loaded } = await this.current();
    const authority = new TransactionAuthority(principal ?? null, policy, command ?? currentPrincipalScope()?.command, loaded.grantsRead);
    if (command !== undefined) authority.authorize('command', command);
    return authority;
  }

  /** Throws AccessDeniedError unless the running code's principal may do a ledger action (inside a command, or an action covering it: allowed). */
  async authorizeLedger(action: LedgerAction): Promise<void> {
    const scope = currentPrincipalScope();
    if (!this.enabled || scope?.command !== undefined || scope?.covers !== undefined) return;
    await this.authorize(action);
  }

  /**
   * Runs `work` as the ledger action `action` of the running code's principal: AccessDeniedError
   * before `work` starts unless the principal may do it; then the action's permission covers the
   * journal reads and scrubs `work` makes (an export reads digests and blocks; a shredding scrubs).
   */
  async covering<T>(action: LedgerAction, work: () => Promise<T>): Promise<T> {
    if (!this.enabled) return work();
    await this.authorizeLedger(action);
    return runCovered(this.principalOf(undefined) ?? null, action, work);
  }

  /** The check of a journal stream asked for now: `stream`, as the running code's principal, when the stream starts reading. */
  streamCheck(): (() => Promise<void>) | undefined {
    if (!this.enabled) return undefined;
    const scope = currentPrincipalScope();
    return () => inPrincipalScope(scope, () => this.authorizeLedger('stream'));
  }

  /** Forgets the grants read, so the next transaction reads them anew (after a conflict, or a change made here). */
  forget(): void {
    this.cached = undefined;
    this.held = undefined;
  }

  private async authorize(action: AccessAction, on?: string): Promise<void> {
    if (!this.enabled) return;
    const principal = this.principalOf(undefined) ?? null;
    if (!(await this.current()).policy.allows(principal, action, on)) throw new AccessDeniedError(principal, action, on);
  }

  private principalOf(given: string | null | undefined): string | null | undefined {
    if (given !== undefined) return given === null ? null : checkName(given, 'a principal');
    const scope = currentPrincipalScope();
    if (scope !== undefined) return scope.principal;
    return this.options?.servicePrincipal;
  }

  /** The policy in force: read when none is held, or when another process may have changed the grants since. */
  private current(): CachedPolicy | Promise<CachedPolicy> {
    const held = this.held;
    if (held !== undefined && Date.now() - held.checkedAt < this.recheckMs) return held; // no await: the common case
    return this.refreshed();
  }

  private async refreshed(): Promise<CachedPolicy> {
    const cached = this.cached;
    if (cached !== undefined) {
      const held = await cached;
      if (await this.unchanged(held)) return held;
      if (this.cached === cached) this.forget();
    }
    if (this.cached === undefined) {
      const loading = this.load();
      this.cached = loading;
      loading.then(
        (loaded) => {
          if (this.cached === loading) this.held = loaded;
        },
        () => {
          if (this.cached === loading) this.cached = undefined;
        },
      );
    }
    return this.cached;
  }

  private async unchanged(held: CachedPolicy): Promise<boolean> {
    const tableId = this.ports.catalog().activeByName(GRANTS_TABLE)?.definition.tableId;
    const read = held.loaded.grantsRead;
    const same =
      tableId === undefined || read === undefined || tableId !== read.tableId
        ? tableId === read?.tableId
        : (await this.ports.read((query) => maxSequenceOfTable(query, tableId))) === read.seen;
    if (same) held.checkedAt = Date.now();
    return same;
  }

  /** The grants as journaled; the administrators in force are the journaled ones (none before they were journaled). */
  private async load(): Promise<CachedPolicy> {
    const loaded = await loadGrants(this.ports.read, this.ports.proofs, this.ports.catalog(), this.ports.strandId());
    const policy = new AccessPolicy({ roles: loaded.roles, principals: loaded.principals, administrators: loaded.administrators ?? [] });
    return { policy, loaded, checkedAt: Date.now() };
  }

  /**
   * One change of the grants: a transaction recording `statement`, allowed to principals with
   * manageAccess; a change `fromConfiguration` (the administrators) runs as no principal, unchecked.
   */
  private async change(statement: string, parameters: IonValue[], work: (tx: Transaction, statement: number) => Promise<void>, fromConfiguration = false): Promise<void> {
    if (!this.enabled) throw new InvalidArgumentError('access control is not configured for this ledger (LedgerOptions.accessControl)', undefined);
    const change = async (tx: Transaction) => {
      if (!fromConfiguration) tx.authorize('manageAccess');
      await asGrantsWriter(tx, async () => {
        ensureGrantsTable(tx);
        await work(tx, tx.recordStatement(statement, parameters));
      });
    };
    try {
      await this.ports.transact(change, fromConfiguration ? null : undefined);
    } finally {
      this.forget();
    }
  }
}


function checkOptions(options: AccessControlOptions): readonly string[] {
  if (typeof options !== 'object' || options === null || !Array.isArray(options.administrators)) {
    throw new InvalidArgumentError('accessControl must be { administrators: string[], servicePrincipal?, recheckMs? }', options);
  }
  if (options.servicePrincipal !== undefined) checkName(options.servicePrincipal, 'accessControl.servicePrincipal');
  const recheckMs = options.recheckMs;
  if (recheckMs !== undefined && (!Number.isSafeInteger(recheckMs) || recheckMs < 0)) throw new InvalidArgumentError('accessControl.recheckMs must be a non-negative integer', recheckMs);
  return options.administrators.map((name) => checkName(name, 'an administrator'));
}

function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const members = new Set(a);
  return members.size === new Set(b).size && b.every((name) => members.has(name));
}

function ensureGrantsTable(tx: Transaction): void {
  try {
    tx.tableDefinition(GRANTS_TABLE);
  } catch (error) {
    if (!(error instanceof TableNotFoundError)) throw error;
    tx.createTable(GRANTS_TABLE);
  }
}

/** Inserts `document`, or replaces the grant found by `key`. */
async function upsert(tx: Transaction, key: IonStructObject, document: IonStructObject, statement: number): Promise<void> {
  const [existing] = await tx.find(GRANTS_TABLE, key);
  if (existing) await tx.update(GRANTS_TABLE, existing.documentId, document, { statement });
  else tx.insert(GRANTS_TABLE, document, { statement });
}
