/**
 * Prometheus metrics (prom-client), served at GET /metrics by the start script's server.
 * One registry per process on globalThis, so code in the Next.js bundle and in the start
 * script's module graph count into the same metrics. Collectors that need the database
 * (blob store size, open upload sessions) are registered by the server with a short cache,
 * so a scrape costs at most one cheap query each.
 */
import client from "prom-client";

export interface SlipwayMetrics {
  registry: client.Registry;
  httpRequests: client.Counter<"group" | "method" | "status">;
  httpDuration: client.Histogram<"group" | "method" | "status">;
  registryBytesIn: client.Counter;
  registryBytesOut: client.Counter;
  uploadsInProgress: client.Gauge;
  proxyCache: client.Counter<"result">;
  proxyUpstreamErrors: client.Counter;
  gcRuns: client.Counter<"trigger" | "outcome">;
}

const holder = globalThis as unknown as { slipwayMetrics?: SlipwayMetrics };

function createMetrics(): SlipwayMetrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "slipway_" });
  const registers = [registry];
  return {
    registry,
    httpRequests: new client.Counter({ name: "slipway_http_requests_total", help: "HTTP requests by route group, method and status", labelNames: ["group", "method", "status"], registers }),
    httpDuration: new client.Histogram({
      name: "slipway_http_request_duration_seconds",
      help: "HTTP request duration by route group, method and status",
      labelNames: ["group", "method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    registryBytesIn: new client.Counter({ name: "slipway_registry_received_bytes_total", help: "Bytes received by the registry (/v2/)", registers }),
    registryBytesOut: new client.Counter({ name: "slipway_registry_sent_bytes_total", help: "Bytes sent by the registry (/v2/)", registers }),
    uploadsInProgress: new client.Gauge({ name: "slipway_registry_upload_requests_in_progress", help: "Blob upload requests (PATCH/PUT/POST with a body) being received now", registers }),
    proxyCache: new client.Counter({ name: "slipway_proxy_cache_total", help: "Pull-through proxy look-ups by result (hit or miss)", labelNames: ["result"], registers }),
    proxyUpstreamErrors: new client.Counter({ name: "slipway_proxy_upstream_errors_total", help: "Pull-through proxy requests upstream that failed", registers }),
    gcRuns: new client.Counter({ name: "slipway_gc_runs_total", help: "Garbage collection runs by trigger and outcome", labelNames: ["trigger", "outcome"], registers }),
  };
}

/** The process's metrics. */
export function getMetrics(): SlipwayMetrics {
  holder.slipwayMetrics ??= createMetrics();
  return holder.slipwayMetrics;
}

/**
 * A gauge whose value comes from `read` (a database query, say), at most once per
 * `cacheMs`; a failed read leaves the last value.
 */
export function registerCachedGauge(name: string, help: string, labelNames: string[], read: () => Promise<Array<{ labels: Record<string, string>; value: number }>>, cacheMs = 10_000): void {
  const { registry } = getMetrics();
  if (registry.getSingleMetric(name)) return;
  let last: Array<{ labels: Record<string, string>; value: number }> = [];
  let readAt = 0;
  new client.Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      if (Date.now() - readAt >= cacheMs) {
        readAt = Date.now();
        last = await read().catch(() => last);
      }
      this.reset();
      for (const sample of last) this.set(sample.labels, sample.value);
    },
  });
}

/** Which part of the product a path belongs to, for metric labels (few values, never ids). */
export function routeGroupOf(path: string): string {
  if (path === "/v2" || path.startsWith("/v2/")) return path.startsWith("/v2/token") ? "registry_token" : "registry";
  if (path.startsWith("/api/v1/")) return "api";
  if (path.startsWith("/api/auth/")) return "auth";
  if (path.startsWith("/_next/")) return "static";
  if (path === "/metrics" || path === "/healthz" || path === "/readyz") return "operations";
  return "page";
}
