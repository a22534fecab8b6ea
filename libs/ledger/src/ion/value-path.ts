// Where a traversal of a JavaScript value stands (`$.owners[0].name`), so errors can name the spot;
// also refuses circular references and nesting too deep to walk.
import { describeValue } from '../errors';
import { IonTypeError } from './ion-type.error';

/** Containers nested deeper than this are refused rather than risking a stack overflow. */
export const MAX_DEPTH = 1000;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export class ValuePath {
  private readonly keys: Array<string | number | undefined> = [];
  private readonly containers: object[] = [];
  private depth = 0;

  /** Starts a new traversal at `$`. */
  reset(): void {
    this.depth = 0;
  }

  /** Steps into `container`; throws IonTypeError if it is one of its own ancestors or too deep. */
  enter(container: object): void {
    if (this.isAncestor(container)) {
      throw new IonTypeError(`circular reference at ${this}: ${describeValue(container)} contains itself`, container, `${this}`);
    }
    if (this.depth === MAX_DEPTH) {
      throw new IonTypeError(`value at ${this} is nested deeper than ${MAX_DEPTH} levels`, container, `${this}`);
    }
    this.containers[this.depth] = container;
    this.keys[this.depth] = undefined;
    this.depth++;
  }

  private isAncestor(container: object): boolean {
    for (let i = this.depth - 1; i >= 0; i--) if (this.containers[i] === container) return true;
    return false;
  }

  /** Names the child of the current container about to be visited: a field name or an index. */
  at(key: string | number): void {
    this.keys[this.depth - 1] = key;
  }

  /** Steps back out of the current container. */
  leave(): void {
    this.depth--;
  }

  /** Throws IonTypeError for `value` at the current position. */
  fail(value: unknown, problem: string): never {
    const where = this.toString();
    throw new IonTypeError(`${describeValue(value)} at ${where} ${problem}`, value, where);
  }

  toString(): string {
    return formatPath(this.keys, this.depth);
  }
}

/** `$.a.b[2]`, `$["odd key"]`: the path of `keys[0, depth)`, stopping at the first key not yet set. */
export function formatPath(keys: ReadonlyArray<string | number | undefined>, depth = keys.length): string {
  let text = '$';
  for (let i = 0; i < depth; i++) {
    const key = keys[i];
    if (key === undefined) break;
    if (typeof key === 'number') text += `[${key}]`;
    else if (IDENTIFIER.test(key)) text += `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}
