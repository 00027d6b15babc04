/**
 * The pull ledger's in-memory queue: rows wait here between a pull and the next batch
 * insert. It is bounded so that a database that stays unreachable costs a fixed amount
 * of memory: past the limit the oldest rows are dropped (and counted, so the loss is
 * logged), and a batch that failed to insert goes back to the front, still bounded.
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`queue capacity must be a positive integer, not ${capacity}`);
  }

  get size(): number {
    return this.items.length;
  }

  /** Appends one item, dropping the oldest when full. */
  push(item: T): void {
    this.items.push(item);
    this.trim();
  }

  /** Removes and returns up to `count` of the oldest items. */
  take(count: number): T[] {
    return this.items.splice(0, count);
  }

  /** Puts items taken earlier back at the front (they are older than what came since), dropping the oldest past capacity. */
  putBack(items: readonly T[]): void {
    this.items.unshift(...items);
    this.trim();
  }

  /** How many items were dropped since the last call, resetting the count. */
  takeDroppedCount(): number {
    const dropped = this.droppedCount;
    this.droppedCount = 0;
    return dropped;
  }

  private trim(): void {
    const excess = this.items.length - this.capacity;
    if (excess <= 0) return;
    this.items.splice(0, excess);
    this.droppedCount += excess;
  }
}
