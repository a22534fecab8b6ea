// @Command('OpenAccount'): the stable name a command class is recorded under in the journal (its
// block's statement). Without it, the class name, which refactoring and minifiers change.
import { InvalidDefinitionError } from './errors';

const commandNames = new WeakMap<Function, string>();

export function Command(name: string): ClassDecorator {
  if (typeof name !== 'string' || name.length === 0) throw new InvalidDefinitionError('@Command needs a non-empty name', name);
  return (target) => {
    commandNames.set(target, name);
  };
}

/** The name a command class is recorded under: its @Command name, else its class name. */
export function commandNameOf(commandType: Function): string {
  return commandNames.get(commandType) ?? commandType.name;
}

/** True when @Command named this class. */
export function isDeclaredCommandClass(value: unknown): boolean {
  return typeof value === 'function' && commandNames.has(value);
}
