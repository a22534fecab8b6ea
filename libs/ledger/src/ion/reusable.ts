// One reusable instance of a stateful worker (serializer, writer) for the synchronous calls that
// share it, and a fresh one for a call made while it is busy (say, from a getter inside a value).
export class Reusable<T> {
  private readonly shared: T;
  private busy = false;

  constructor(private readonly make: () => T) {
    this.shared = make();
  }

  use<R>(work: (worker: T) => R): R {
    if (this.busy) return work(this.make());
    this.busy = true;
    try {
      return work(this.shared);
    } finally {
      this.busy = false;
    }
  }
}
