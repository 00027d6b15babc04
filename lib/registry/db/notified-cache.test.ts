/**
 * The notified cache's rules, with an in-memory feed whose generations the test moves by
 * hand (the real feed is exercised across two instances in
 * http/registry-change-feed.integration.test.ts): answers are reused only under the
 * generation they were read in, a read that raced a change is used once and not kept,
 * nothing is kept while the feed is not live, failures are not kept, concurrent misses
 * share one read, and the weight bound holds.
 */
import { describe, expect, it } from "vitest";
import type { ChangeTopic, RegistryChangeFeed } from "@/lib/registry/db/change-feed";
import { createNotifiedCache, notifiedCachePerOwner } from "@/lib/registry/db/notified-cache";

function createFeed(): RegistryChangeFeed & { live: boolean } {
  const generations: Record<ChangeTopic, number> = { manifests: 0, access: 0 };
  const feed = {
    live: true,
    isLive: () => feed.live,
    generation: (topic: ChangeTopic) => generations[topic],
    announce: (topic: ChangeTopic) => {
      generations[topic] += 1;
    },
    close: async () => undefined,
  };
  return feed;
}

function counter(value: string) {
  const calls = { count: 0 };
  const load = async () => {
    calls.count += 1;
    return `${value}-${calls.count}`;
  };
  return { calls, load };
}

describe("createNotifiedCache", () => {
  it("reuses an answer until its topic's generation moves; another topic's change leaves it", async () => {
    const feed = createFeed();
    const cache = createNotifiedCache<string>(feed, { topic: "manifests", maxEntries: 10 });
    const { calls, load } = counter("a");
    expect(await cache.get("k", load)).toBe("a-1");
    expect(await cache.get("k", load)).toBe("a-1");
    feed.announce("access");
    expect(await cache.get("k", load)).toBe("a-1");
    feed.announce("manifests");
    expect(await cache.get("k", load)).toBe("a-2");
    expect(calls.count).toBe(2);
  });

  it("does not keep an answer whose read raced a change", async () => {
    const feed = createFeed();
    const cache = createNotifiedCache<string>(feed, { topic: "manifests", maxEntries: 10 });
    let reads = 0;
    const racing = async () => {
      reads += 1;
      if (reads === 1) feed.announce("manifests"); // a change commits while the first read runs
      return `read-${reads}`;
    };
    expect(await cache.get("k", racing)).toBe("read-1");
    expect(await cache.get("k", racing)).toBe("read-2");
    expect(await cache.get("k", racing)).toBe("read-2");
  });

  it("keeps nothing while the feed is not live, and nothing read while it went down", async () => {
    const feed = createFeed();
    const cache = createNotifiedCache<string>(feed, { topic: "access", maxEntries: 10 });
    const { calls, load } = counter("b");
    feed.live = false;
    await cache.get("k", load);
    await cache.get("k", load);
    expect(calls.count).toBe(2);
    feed.live = true;
    const dropping = async () => {
      feed.live = false;
      return load();
    };
    await cache.get("k", dropping);
    feed.live = true;
    await cache.get("k", load);
    expect(calls.count).toBe(4);
  });

  it("does not keep failures or answers `keep` refuses, and shares one read between concurrent misses", async () => {
    const feed = createFeed();
    const cache = createNotifiedCache<string | null>(feed, { topic: "access", maxEntries: 10, keep: (value) => value === null });
    await expect(cache.get("gone", async () => Promise.reject(new Error("no such row")))).rejects.toThrow("no such row");
    expect(await cache.get("gone", async () => null)).toBeNull();
    let refusals = 0;
    const refuse = async () => `refused-${++refusals}`;
    await cache.get("refused", refuse);
    expect(await cache.get("refused", refuse)).toBe("refused-2");
    let reads = 0;
    const slow = () => new Promise<null>((resolve) => setTimeout(() => resolve((reads++, null)), 10));
    await Promise.all([cache.get("shared", slow), cache.get("shared", slow), cache.get("shared", slow)]);
    expect(reads).toBe(1);
  });

  it("holds at most maxEntries answers and maxWeight in all, and never one heavier than maxWeight", async () => {
    const feed = createFeed();
    const cache = createNotifiedCache<string>(feed, { topic: "manifests", maxEntries: 3, maxWeight: 10, weigh: (value) => value.length });
    for (const key of ["a", "b", "c", "d"]) await cache.get(key, async () => "xx");
    expect(cache.size()).toBe(3);
    let heavyReads = 0;
    const heavy = async () => "x".repeat(10 + ++heavyReads);
    await cache.get("heavy", heavy);
    await cache.get("heavy", heavy);
    expect(heavyReads).toBe(2);
    expect(cache.size()).toBeLessThanOrEqual(3);
    await cache.get("e", async () => "xxxxxxxx");
    // The 8-byte answer and at most one 2-byte answer fit under 10.
    expect(cache.size()).toBeLessThanOrEqual(2);
    let eReads = 0;
    await cache.get("e", async () => `${++eReads}`);
    expect(eReads).toBe(0);
  });
});

describe("notifiedCachePerOwner", () => {
  it("gives each owner its own cache, the same one on every call", async () => {
    const feed = createFeed();
    const cacheFor = notifiedCachePerOwner<string>({ topic: "access", maxEntries: 10 });
    const first = {};
    const second = {};
    expect(cacheFor(first, feed)).toBe(cacheFor(first, feed));
    const { calls, load } = counter("a");
    expect(await cacheFor(first, feed).get("k", load)).toBe("a-1");
    expect(await cacheFor(first, feed).get("k", load)).toBe("a-1");
    expect(await cacheFor(second, feed).get("k", load)).toBe("a-2");
    expect(calls.count).toBe(2);
  });
});
