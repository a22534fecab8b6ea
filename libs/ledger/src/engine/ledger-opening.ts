// Opening a ledger: its options checked, its schema's migrations run or only checked, and its state
// read from storage (created with a genesis block when the storage is empty and creating is
// allowed), then checked against its tree.
import { buildBlock, newJournalId } from '../journal';
import {
  describeStorage,
  insertBlocks,
  insertStrand,
  insertTreeNodes,
  MigrationsPendingError,
  NotALedgerError,
  redactStorageOptions,
  selectStrand,
  selectTreeNodes,
  storageOptionsProblem,
  type SqlQuery,
  type StrandRow,
} from '../storage';
import { missingLoggerMethods } from '../telemetry';
import { InvalidArgumentError } from './errors';
import { blockToRows } from './journal-rows';
import type { LedgerOptions, OpenExistingOptions } from './ledger-options';
import { LedgerState } from './ledger-state';

/** The ledger's state at open: created with a genesis block when empty, checked against its tree otherwise. */
export async function openState(
  query: SqlQuery,
  options: OpenExistingOptions,
  create: boolean,
): Promise<{ state: LedgerState; name: string }> {
  const location = describeStorage(options.storage);
  const existing = await selectStrand(query);
  if (!existing && !create) throw new NotALedgerError(location, 'it holds no ledger');
  const strand = existing ?? (await createGenesis(query, options.name as string));
  if (options.name !== undefined && strand.ledgerName !== options.name) {
    throw new InvalidArgumentError(`${location} holds ledger ${JSON.stringify(strand.ledgerName)}, not ${JSON.stringify(options.name)}`, options.name);
  }
  let state: LedgerState;
  try {
    state = await LedgerState.load(query, strand);
  } catch (error) {
    throw new NotALedgerError(location, `its tree does not hold the nodes of its tip (${(error as Error).message})`);
  }
  const [leaf] = await selectTreeNodes(query, [{ level: 0, index: state.tip.sequenceNo }]);
  if (!leaf || !Buffer.from(leaf.hash).equals(strand.tipBlockHash)) {
    throw new NotALedgerError(location, `its tip (block ${state.tip.sequenceNo}) does not verify against its tree`);
  }
  return { state, name: strand.ledgerName };
}

/** How opening treats the schema's migrations: run them, or only check that none is pending (read-only openings never migrate). */
export function migrationsAtOpen(options: OpenExistingOptions): 'run' | 'check' {
  return (options.migrate ?? true) === true && options.readOnly !== true ? 'run' : 'check';
}

/** A schema with no migration run holds no ledger: what opening an existing ledger reports, rather than the migrations it lacks. */
export function noLedgerWhenEmpty(error: unknown, options: OpenExistingOptions): unknown {
  const empty = error instanceof MigrationsPendingError && error.applied.length === 0;
  return empty ? new NotALedgerError(describeStorage(options.storage), 'it holds no ledger') : error;
}

/** Writes the genesis block (sequenceNo 0, empty previous hash) of a new ledger. */
async function createGenesis(query: SqlQuery, name: string): Promise<StrandRow> {
  const strandId = newJournalId();
  const genesis = buildBlock({ strandId, previous: null, transactionId: newJournalId(), timestamp: new Date(), statements: [] });
  const rows = blockToRows(genesis, () => null);
  await insertBlocks(query, [rows.block]);
  await insertTreeNodes(query, [{ level: 0, index: 0, hash: genesis.blockHash }]);
  await insertStrand(query, { strandId, ledgerName: name });
  return { strandId, ledgerName: name, tipSequenceNo: 0, tipBlockHash: genesis.blockHash };
}

/** Throws InvalidArgumentError for options Ledger.open cannot take (storage options shown redacted). */
export function checkOptions(options: LedgerOptions): void {
  if (typeof options !== 'object' || options === null) throw new InvalidArgumentError('Ledger.open needs options { name, storage }', options);
  if (typeof options.name !== 'string' || options.name.length === 0) {
    throw new InvalidArgumentError('options.name must be a non-empty string', options.name);
  }
  if (options.migrate !== undefined && typeof options.migrate !== 'boolean' && options.migrate !== 'check') {
    throw new InvalidArgumentError(`options.migrate must be true, false or 'check', not ${JSON.stringify(options.migrate)}`, options.migrate);
  }
  if (options.logger !== undefined && missingLoggerMethods(options.logger).length) {
    throw new InvalidArgumentError(`options.logger must have log, warn, error and debug methods; it lacks ${missingLoggerMethods(options.logger).join(', ')}`, options.logger);
  }
  const slow = options.slowCommitMs;
  if (slow !== undefined && !(typeof slow === 'number' && Number.isFinite(slow) && slow >= 0)) {
    throw new InvalidArgumentError(`options.slowCommitMs must be a number of milliseconds ≥ 0, not ${String(slow)}`, slow);
  }
  const problem = storageOptionsProblem(options.storage);
  if (problem !== undefined) throw new InvalidArgumentError(problem, redactStorageOptions(options.storage));
}
