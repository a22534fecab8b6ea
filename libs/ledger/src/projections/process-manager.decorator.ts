// @ProcessManager('welcome-bonus', options) on a class whose @On methods return the commands an
// event causes: a durable saga, run from the journal by ProcessManagers (the Nest module registers
// the providers its discovery finds, starts them at bootstrap and stops them at shutdown).
import 'reflect-metadata';
import { InvalidDefinitionError, type ProcessManagerOptions } from '../event-sourcing';

export const PROCESS_MANAGER_METADATA = 'nestjs-ledger:process-manager';

export interface ProcessManagerMetadata extends ProcessManagerOptions {
  name: string;
}

/**
 * Marks a process manager. Its name keys its checkpoint and its commands' idempotency keys, so it
 * must stay the same for the life of the ledger.
 */
export function ProcessManager(name: string, options: ProcessManagerOptions = {}): ClassDecorator {
  if (typeof name !== 'string' || name.length === 0 || name.length > 128) {
    throw new InvalidDefinitionError('@ProcessManager needs a name of 1 to 128 characters (it keys the checkpoint and the idempotency keys of its commands)', name);
  }
  if (typeof options !== 'object' || options === null) throw new InvalidDefinitionError(`@ProcessManager(${JSON.stringify(name)}) options must be an object`, options);
  return (target) => Reflect.defineMetadata(PROCESS_MANAGER_METADATA, { ...options, name } satisfies ProcessManagerMetadata, target);
}

/** The @ProcessManager metadata of a class, if it has any. */
export function processManagerMetadata(type: object): ProcessManagerMetadata | undefined {
  return Reflect.getMetadata(PROCESS_MANAGER_METADATA, type) as ProcessManagerMetadata | undefined;
}
