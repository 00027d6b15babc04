/**
 * The proxy's counters per external registry (hits, misses, upstream errors, stale
 * answers, the last error, Docker Hub's `ratelimit-remaining`).
 *
 * Protocol: a pull only adds to an in-memory tally per registry and arms a timer; every
 * `flushIntervalMs` each registry's tally becomes one upsert that adds to the row
 * (`hits = hits + EXCLUDED.hits`), so any number of instances can add at once without
 * reading first. A failed write puts its tally back for the next tick and is logged; it
 * never reaches a pull. A registry deleted meanwhile is skipped (the upsert's SELECT
 * finds no row). Flushes never overlap: `flush()` waits for the one in progress.
 */
import type { PrismaClient } from "@/lib/db/client";
import { getMetrics } from "@/lib/observability/metrics";
import type { RegistryLogger } from "@/lib/registry/http/context";

export interface ProxyEventCounts {
  hits?: number;
  misses?: number;
  upstreamErrors?: number;
  staleServed?: number;
}

interface Tally {
  hits: number;
  misses: number;
  upstreamErrors: number;
  staleServed: number;
  lastError: string | null;
  lastErrorAt: Date | null;
  rateLimitRemaining: number | null;
}

export interface ProxyStatsRecorder {
  /** Adds to the registry's counters; returns at once. */
  count(registryId: string, counts: ProxyEventCounts): void;
  /** Counts an upstream error and remembers its (already redacted) message as the last one. */
  recordError(registryId: string, message: string): void;
  /** Remembers the upstream's `ratelimit-remaining`. */
  recordRateLimit(registryId: string, remaining: number): void;
  /** Writes what was tallied so far. */
  flush(): Promise<void>;
  /** Stops the timer and writes what is left. */
  close(): Promise<void>;
}

const MAX_ERROR_LENGTH = 500;

function emptyTally(): Tally {
  return { hits: 0, misses: 0, upstreamErrors: 0, staleServed: 0, lastError: null, lastErrorAt: null, rateLimitRemaining: null };
}

/** Creates the recorder for one process; `flushIntervalMs` 0 writes only on `flush()`. */
export function createProxyStatsRecorder(prisma: PrismaClient, logger: RegistryLogger, flushIntervalMs = 1000): ProxyStatsRecorder {
  let tallies = new Map<string, Tally>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const tallyOf = (registryId: string): Tally => {
    let tally = tallies.get(registryId);
    if (!tally) tallies.set(registryId, (tally = emptyTally()));
    if (!timer && flushIntervalMs > 0) {
      timer = setTimeout(() => {
        timer = null;
        void flush();
      }, flushIntervalMs);
      timer.unref();
    }
    return tally;
  };

  const write = async (registryId: string, tally: Tally): Promise<void> => {
    await prisma.$executeRaw`
      INSERT INTO "ProxyRegistryStats" ("registryId", hits, misses, "upstreamErrors", "staleServed", "lastError", "lastErrorAt", "rateLimitRemaining", "updatedAt")
      SELECT r.id, ${tally.hits}, ${tally.misses}, ${tally.upstreamErrors}, ${tally.staleServed}, ${tally.lastError}, ${tally.lastErrorAt}, ${tally.rateLimitRemaining}::int, ${new Date()}
      FROM "ExternalRegistry" r WHERE r.id = ${registryId}::uuid
      ON CONFLICT ("registryId") DO UPDATE SET
        hits = "ProxyRegistryStats".hits + EXCLUDED.hits,
        misses = "ProxyRegistryStats".misses + EXCLUDED.misses,
        "upstreamErrors" = "ProxyRegistryStats"."upstreamErrors" + EXCLUDED."upstreamErrors",
        "staleServed" = "ProxyRegistryStats"."staleServed" + EXCLUDED."staleServed",
        "lastError" = COALESCE(EXCLUDED."lastError", "ProxyRegistryStats"."lastError"),
        "lastErrorAt" = COALESCE(EXCLUDED."lastErrorAt", "ProxyRegistryStats"."lastErrorAt"),
        "rateLimitRemaining" = COALESCE(EXCLUDED."rateLimitRemaining", "ProxyRegistryStats"."rateLimitRemaining"),
        "updatedAt" = EXCLUDED."updatedAt"`;
  };

  const writeAll = async (): Promise<void> => {
    const pending = tallies;
    tallies = new Map();
    for (const [registryId, tally] of pending) {
      try {
        await write(registryId, tally);
      } catch (error) {
        logger.warn("writing proxy counters failed; retrying with the next flush", { error: error instanceof Error ? error.message : String(error) });
        const now = tallyOf(registryId);
        now.hits += tally.hits;
        now.misses += tally.misses;
        now.upstreamErrors += tally.upstreamErrors;
        now.staleServed += tally.staleServed;
        now.lastError ??= tally.lastError;
        now.lastErrorAt ??= tally.lastErrorAt;
        now.rateLimitRemaining ??= tally.rateLimitRemaining;
      }
    }
  };

  const flush = (): Promise<void> => {
    running = running.then(writeAll);
    return running;
  };

  return {
    count(registryId, counts) {
      const metrics = getMetrics();
      if (counts.hits) metrics.proxyCache.inc({ result: "hit" }, counts.hits);
      if (counts.misses) metrics.proxyCache.inc({ result: "miss" }, counts.misses);
      if (counts.upstreamErrors) metrics.proxyUpstreamErrors.inc(counts.upstreamErrors);
      const tally = tallyOf(registryId);
      tally.hits += counts.hits ?? 0;
      tally.misses += counts.misses ?? 0;
      tally.upstreamErrors += counts.upstreamErrors ?? 0;
      tally.staleServed += counts.staleServed ?? 0;
    },
    recordError(registryId, message) {
      getMetrics().proxyUpstreamErrors.inc();
      const tally = tallyOf(registryId);
      tally.upstreamErrors += 1;
      tally.lastError = message.slice(0, MAX_ERROR_LENGTH);
      tally.lastErrorAt = new Date();
    },
    recordRateLimit(registryId, remaining) {
      tallyOf(registryId).rateLimitRemaining = remaining;
    },
    flush,
    async close() {
      if (timer) clearTimeout(timer);
      timer = null;
      await flush();
    },
  };
}

/** Docker Hub's `ratelimit-remaining: 76;w=21600` as a number, or null when absent or malformed. */
export function parseRateLimitRemaining(header: string | string[] | undefined): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  const match = value ? /^\s*(\d+)/.exec(value) : null;
  return match ? Number(match[1]) : null;
}
