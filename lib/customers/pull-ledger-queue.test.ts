import { describe, expect, it } from "vitest";
import { BoundedQueue } from "./pull-ledger-queue";

describe("the pull ledger's bounded queue", () => {
  it("hands out the oldest items first, in batches", () => {
    const queue = new BoundedQueue<number>(10);
    for (let item = 1; item <= 5; item += 1) queue.push(item);
    expect(queue.take(2)).toEqual([1, 2]);
    expect(queue.take(10)).toEqual([3, 4, 5]);
    expect(queue.size).toBe(0);
  });

  it("drops the oldest items past its capacity and counts them once", () => {
    const queue = new BoundedQueue<number>(3);
    for (let item = 1; item <= 5; item += 1) queue.push(item);
    expect(queue.takeDroppedCount()).toBe(2);
    expect(queue.takeDroppedCount()).toBe(0);
    expect(queue.take(10)).toEqual([3, 4, 5]);
  });

  it("puts a failed batch back in front of newer items, still bounded", () => {
    const queue = new BoundedQueue<number>(4);
    queue.push(1);
    queue.push(2);
    const batch = queue.take(2);
    queue.push(3);
    queue.push(4);
    queue.push(5);
    queue.putBack(batch);
    expect(queue.takeDroppedCount()).toBe(1);
    expect(queue.take(10)).toEqual([2, 3, 4, 5]);
  });

  it("refuses a capacity that is not a positive integer", () => {
    expect(() => new BoundedQueue(0)).toThrow(/positive integer/);
  });
});
