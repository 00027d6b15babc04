/**
 * The pull-through proxy's per-process state, handed to the registry handler as
 * `RegistryHandlerOptions.proxy`: settings, upstream sessions, the declared-image and
 * target caches, the single flights for blobs and manifests, and the counters. Nothing
 * here is needed for correctness across instances; every cache is a shortcut over
 * PostgreSQL and the blob store.
 */
import type { PrismaClient } from "@/lib/db/client";
import type { AllowList, Resolver } from "@/lib/external/address-guard";
import type { RegistryLogger } from "@/lib/registry/http/context";
import { DeclaredImagesCache } from "@/lib/registry/proxy/declared-images";
import { createProxyStatsRecorder, type ProxyStatsRecorder } from "@/lib/registry/proxy/proxy-stats";
import { SingleFlight } from "@/lib/registry/proxy/single-flight";
import type { BlobFill } from "@/lib/registry/proxy/fetch-blob";
import { UpstreamSessions } from "@/lib/registry/proxy/upstream";
import type { ProxyTarget } from "@/lib/registry/proxy/resolve-target";
import type { ServedManifest } from "@/lib/registry/proxy/cache-store";

export interface RegistryProxyOptions {
  prisma: PrismaClient;
  /** The key that opens stored registry secrets (SECRETS_KEY). */
  secretsKey: Buffer;
  /** EXTERNAL_REGISTRY_ALLOW: destinations allowed although not public. */
  allow: AllowList;
  resolve?: Resolver;
  /** PROXY_TAG_TTL: seconds a tag resolved upstream is trusted before a HEAD asks again. */
  tagTtlSeconds: number;
  /** DNS, connect, token and headers of one upstream request (default 10 s). */
  responseTimeoutMs?: number;
  /** An upstream body that stalls this long fails (default 30 s). */
  idleTimeoutMs?: number;
  /** How long a caller's resolved target (declared check, registry, credentials) is reused (default 5 s). */
  targetCacheMs?: number;
  /** How often the counters are written (default 1 s; 0: only on flush). */
  statsFlushIntervalMs?: number;
  logger?: RegistryLogger;
}

export interface RegistryProxy {
  readonly prisma: PrismaClient;
  readonly secretsKey: Buffer;
  readonly tagTtlMs: number;
  readonly targetCacheMs: number;
  readonly sessions: UpstreamSessions;
  readonly declared: DeclaredImagesCache;
  readonly targets: Map<string, { expiresAt: number; target: Promise<ProxyTarget | null> }>;
  readonly blobFlights: SingleFlight<BlobFill>;
  readonly manifestFlights: SingleFlight<ServedManifest>;
  readonly stats: ProxyStatsRecorder;
  /** Writes the counters still in memory (shutdown). */
  close(): Promise<void>;
}

const SILENT: RegistryLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Creates the proxy for one registry handler (scripts/lib/mount-registry.ts makes the server's). */
export function createRegistryProxy(options: RegistryProxyOptions): RegistryProxy {
  const stats = createProxyStatsRecorder(options.prisma, options.logger ?? SILENT, options.statsFlushIntervalMs ?? 1000);
  return {
    prisma: options.prisma,
    secretsKey: options.secretsKey,
    tagTtlMs: options.tagTtlSeconds * 1000,
    targetCacheMs: options.targetCacheMs ?? 5000,
    sessions: new UpstreamSessions({
      guard: { allow: options.allow, resolve: options.resolve },
      responseTimeoutMs: options.responseTimeoutMs ?? 10_000,
      idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    }),
    declared: new DeclaredImagesCache(),
    targets: new Map(),
    blobFlights: new SingleFlight<BlobFill>(),
    manifestFlights: new SingleFlight<ServedManifest>(),
    stats,
    close: () => stats.close(),
  };
}
