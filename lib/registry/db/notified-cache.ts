/**
 * A bounded map of answers read from the database, each kept only while the change feed
 * says nothing it depends on has changed since it was read (change-feed.ts). An answer is
 * stored only if the topic's generation did not move while it was being read, so a read
 * that raced a change is used once and never kept. Without a live feed it is a
 * pass-through. Concurrent misses for one key share one read.
 */
import type { ChangeTopic, RegistryChangeFeed } from "@/lib/registry/db/change-feed";

interface Entry<V> {
  generation: number;
  value: Promise<V>;
  weight: number;
}

export interface NotifiedCacheOptions<V> {
  topic: ChangeTopic;
  maxEntries: number;
  /** Bound on the summed weight of the entries (e.g. bytes); default: entries only. */
  maxWeight?: number;
  /** An answer's weight (default 1); an answer heavier than maxWeight, or `keep` false, is not stored. */
  weigh?: (value: V) => number;
  /** Whether an answer may be kept at all (e.g. only successes); default: all. */
  keep?: (value: V) => boolean;
}

export interface NotifiedCache<V> {
  /** The answer for `key`: the kept one while still current, else `load()`'s (kept if nothing changed meanwhile). */
  get(key: string, load: () => Promise<V>): Promise<V>;
  /** How many answers are held now (tests). */
  size(): number;
}

/** A cache of answers that depend on `topic`, invalidated through `feed`. */
export function createNotifiedCache<V>(feed: RegistryChangeFeed, options: NotifiedCacheOptions<V>): NotifiedCache<V> {
  const entries = new Map<string, Entry<V>>();
  let weight = 0;
  let clearedAt = -1;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    weight -= entry.weight;
  };
  const store = (key: string, entry: Entry<V>) => {
    remove(key);
    entries.set(key, entry);
    weight += entry.weight;
    while (entries.size > options.maxEntries || (options.maxWeight !== undefined && weight > options.maxWeight)) remove(entries.keys().next().value!);
  };
  return {
    async get(key, load) {
      if (!feed.isLive()) return load();
      const generation = feed.generation(options.topic);
      if (generation !== clearedAt) {
        // Everything held was read under an older generation.
        entries.clear();
        weight = 0;
        clearedAt = generation;
      }
      const known = entries.get(key);
      if (known && known.generation === generation) return known.value;
      const value = load();
      // Shared by concurrent requests while it loads; its weight is settled once it resolves.
      const entry: Entry<V> = { generation, value, weight: 0 };
      store(key, entry);
      try {
        const answer = await value;
        const answerWeight = options.weigh ? options.weigh(answer) : 1;
        const isKept = feed.isLive() && feed.generation(options.topic) === generation && (options.keep?.(answer) ?? true) && answerWeight <= (options.maxWeight ?? Infinity);
        if (entries.get(key) === entry) {
          if (isKept) {
            entry.weight = answerWeight;
            weight += answerWeight;
            while (options.maxWeight !== undefined && weight > options.maxWeight) remove(entries.keys().next().value!);
          } else remove(key);
        }
        return answer;
      } catch (error) {
        if (entries.get(key) === entry) remove(key);
        throw error;
      }
    },
    size: () => entries.size,
  };
}

/**
 * One cache per owner (a handler's options, or a feed), made on first use: each handler
 * or feed keeps its own answers, and they go with it when it is dropped.
 */
export function notifiedCachePerOwner<V>(options: NotifiedCacheOptions<V>): (owner: object, feed: RegistryChangeFeed) => NotifiedCache<V> {
  const caches = new WeakMap<object, NotifiedCache<V>>();
  return (owner, feed) => {
    let cache = caches.get(owner);
    if (!cache) caches.set(owner, (cache = createNotifiedCache(feed, options)));
    return cache;
  };
}
