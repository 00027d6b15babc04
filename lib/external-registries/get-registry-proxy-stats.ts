/**
 * What the pull-through proxy did with one external registry: images it holds in cache
 * and its counters (hits, misses, upstream errors with the last one's words, already
 * scrubbed of secrets, and Docker Hub's remaining pull allowance when it was sent).
 */
import { registriesVisibleTo } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { resolveDb, type ServiceOptions } from "./service-options";

export interface RegistryProxyStats {
  /** Images (manifests no cached index points at: an index counts once) held in the proxy's cache. */
  cachedImages: number;
  hits: number;
  misses: number;
  upstreamErrors: number;
  /** Pulls answered from the cache because the upstream failed. */
  staleServed: number;
  lastError?: string;
  lastErrorAt?: string;
  rateLimitRemaining?: number;
}

/** The proxy's figures for the team's registry `name`; another team's reads as `not_found`. */
export async function getRegistryProxyStats(principal: Pick<Principal, "teamId">, name: string, options: ServiceOptions = {}): Promise<RegistryProxyStats> {
  const db = resolveDb(options);
  const registry = await db.externalRegistry.findFirst({ where: { name, ...registriesVisibleTo(principal) }, select: { id: true, proxyStats: true } });
  if (!registry) throw notFound(`External registry "${name}"`);
  const [{ count }] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "Manifest" m
    JOIN "ProxyRepository" p ON p."repositoryId" = m."repositoryId"
    WHERE p."registryId" = ${registry.id}::uuid
      AND NOT EXISTS (
        SELECT 1 FROM "ManifestReference" r JOIN "Manifest" parent ON parent.id = r."manifestId"
        WHERE r."isManifest" AND r.digest = m.digest AND parent."repositoryId" = m."repositoryId")`;
  const stats = registry.proxyStats;
  return {
    cachedImages: count,
    hits: Number(stats?.hits ?? 0),
    misses: Number(stats?.misses ?? 0),
    upstreamErrors: Number(stats?.upstreamErrors ?? 0),
    staleServed: Number(stats?.staleServed ?? 0),
    ...(stats?.lastError ? { lastError: stats.lastError, lastErrorAt: stats.lastErrorAt?.toISOString() } : {}),
    ...(stats?.rateLimitRemaining !== null && stats?.rateLimitRemaining !== undefined ? { rateLimitRemaining: stats.rateLimitRemaining } : {}),
  };
}
