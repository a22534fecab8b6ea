// What can be granted, in the style of QLDB's STANDARD permissions mode: PartiQL actions on tables
// (qldb:PartiQLSelect, PartiQLInsert, … PartiQLRedact), the ledger's own APIs (qldb:GetDigest,
// GetBlock, GetRevision, …, ExportJournalToS3, StreamJournalToKinesis) and this library's
// additions: event-sourcing commands by name, verify(), importing onto the ledger, scrubbing the
// database, subject data keys and the management of the grants themselves.
import { InvalidArgumentError } from '../errors';

/** Actions on a table (QLDB: PartiQL actions, resource `table/<name>`). */
export const TABLE_ACTIONS = ['select', 'insert', 'update', 'delete', 'history', 'redact', 'createTable', 'dropTable', 'undropTable', 'createIndex', 'dropIndex'] as const;

/** Actions on the ledger as a whole (QLDB: the ledger's APIs). */
export const LEDGER_ACTIONS = ['getDigest', 'getBlock', 'getRevision', 'verify', 'stream', 'export', 'import', 'scrub', 'manageAccess', 'createDataKey', 'shredDataKey'] as const;

export type TableAction = (typeof TABLE_ACTIONS)[number];
export type LedgerAction = (typeof LEDGER_ACTIONS)[number];
/** Every action a permission can name: a table action, a ledger action, or running an event-sourcing command. */
export type AccessAction = TableAction | LedgerAction | 'command';

/**
 * One permission of a role: an action, on a table (table actions, `'*'` or absent: every table), on
 * a command by its recorded name (`command`, `'*'` or absent: every command), or on the ledger.
 */
export type Permission =
  | { action: TableAction; table?: string }
  | { action: 'command'; command?: string }
  | { action: LedgerAction };

const TABLE_ACTION_SET: ReadonlySet<string> = new Set(TABLE_ACTIONS);
const LEDGER_ACTION_SET: ReadonlySet<string> = new Set(LEDGER_ACTIONS);

/** The name a permission names its table or command by; '*' for all. */
export const EVERY = '*';

/** Whether `action` is one of the table actions. */
export function isTableAction(action: string): action is TableAction {
  return TABLE_ACTION_SET.has(action);
}

/** A permission checked: InvalidArgumentError naming what is wrong with it. */
export function checkPermission(permission: unknown): Permission {
  const given = permission as { action?: unknown; table?: unknown; command?: unknown };
  if (typeof permission !== 'object' || permission === null || typeof given.action !== 'string') {
    throw new InvalidArgumentError('a permission is { action, table? } or { action: "command", command? }', permission);
  }
  const { action } = given;
  const keys = Object.keys(permission).filter((key) => key !== 'action');
  const allowed = isTableAction(action) ? ['table'] : action === 'command' ? ['command'] : LEDGER_ACTION_SET.has(action) ? [] : undefined;
  if (allowed === undefined) throw new InvalidArgumentError(`permission action ${JSON.stringify(action)} is not one of ${[...TABLE_ACTIONS, ...LEDGER_ACTIONS, 'command'].join(', ')}`, action);
  const stray = keys.find((key) => !allowed.includes(key));
  if (stray !== undefined) throw new InvalidArgumentError(`permission ${action} takes ${allowed.length ? allowed[0] : 'no table or command'}, not ${stray}`, permission);
  for (const key of keys) checkName((given as Record<string, unknown>)[key], `permission ${action}'s ${key}`);
  return { ...permission } as Permission;
}

/** A principal's, role's, table's or command's name: 1 to 256 characters, none of them a control character. */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 256 || /\p{Cc}/u.test(name)) {
    throw new InvalidArgumentError(`${what} must be a string of 1 to 256 characters without control characters, not ${JSON.stringify(name)}`, name);
  }
  return name;
}
