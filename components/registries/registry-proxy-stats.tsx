"use client";

import { useQuery } from "@tanstack/react-query";
import { ErrorState } from "@/components/ui/card";
import { FormattedDate } from "./format-date";
import { registryKeys } from "./query-keys";
import { registriesApi } from "./registries-api";
import type { RegistryProxyStats } from "./types";

const REFRESH_MS = 30_000;

function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

function Figures({ stats }: { stats: RegistryProxyStats }) {
  if (stats.cachedImages === 0 && stats.hits === 0 && stats.misses === 0 && stats.upstreamErrors === 0) {
    return <span className="text-slate-500">Nothing pulled through the proxy yet.</span>;
  }
  const parts = [
    plural(stats.cachedImages, "cached image", "cached images"),
    plural(stats.hits, "hit", "hits"),
    plural(stats.misses, "miss", "misses"),
    plural(stats.upstreamErrors, "upstream error", "upstream errors"),
  ];
  if (stats.staleServed > 0) parts.push(`${plural(stats.staleServed, "pull", "pulls")} served from cache while the upstream failed`);
  if (stats.rateLimitRemaining !== undefined) parts.push(`${stats.rateLimitRemaining.toLocaleString()} pulls left in Docker Hub's rate limit`);
  return (
    <span className="space-y-1">
      <span className="block text-slate-800">{parts.join(" · ")}</span>
      {stats.lastError ? (
        <span className="block text-amber-800">
          Last upstream error{stats.lastErrorAt ? <> (<FormattedDate iso={stats.lastErrorAt} withTime />)</> : null}: {stats.lastError}
        </span>
      ) : null}
    </span>
  );
}

/** The pull-through proxy's figures for one registry: loading, empty, failed or the counters. */
export function RegistryProxyStatsLine({ name }: { name: string }) {
  const stats = useQuery({ queryKey: registryKeys.proxy(name), queryFn: () => registriesApi.proxyStats(name), refetchInterval: REFRESH_MS });
  return (
    <>
      <dt className="text-slate-500">Proxy cache</dt>
      <dd className="text-sm">
        {stats.isPending ? <span className="text-slate-500">Loading…</span> : null}
        {stats.isError && !stats.data ? <ErrorState message={`Could not load the proxy figures: ${stats.error.message}`} onRetry={() => stats.refetch()} /> : null}
        {stats.data ? <Figures stats={stats.data} /> : null}
      </dd>
    </>
  );
}
