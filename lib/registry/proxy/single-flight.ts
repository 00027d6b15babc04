/**
 * Single flight, per process: concurrent callers asking for the same key share one
 * run of the work (the leader's) and get its result or its error. The key is released
 * when the work settles, so the next request after a failure tries again. Across
 * instances nothing is shared: two servers may each fetch a blob once.
 */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  /** Whether a run for `key` is under way. */
  has(key: string): boolean {
    return this.flights.has(key);
  }

  /** Runs `work` unless a run for `key` is under way; `isLeader` says which happened. */
  run(key: string, work: () => Promise<T>): { promise: Promise<T>; isLeader: boolean } {
    const running = this.flights.get(key);
    if (running) return { promise: running, isLeader: false };
    const promise = (async () => {
      try {
        return await work();
      } finally {
        this.flights.delete(key);
      }
    })();
    this.flights.set(key, promise);
    return { promise, isLeader: true };
  }
}
