/**
 * What a client of the proxy is told when the upstream fails: an OCI error in our own
 * words. The upstream's credentials and tokens never appear (messages were redacted
 * where they were made, and refused credentials are not described at all: the vendor
 * sees the detail in the portal's proxy counters). Every failure but "not found" is
 * counted against the external registry.
 */
import { isUpstreamError, type UpstreamError } from "@/lib/external/upstream-error";
import { RegistryError, isRegistryError } from "@/lib/registry/errors";
import type { RegistryContext } from "@/lib/registry/http/context";
import type { RegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import type { UpstreamTarget } from "@/lib/registry/proxy/upstream";

export type ProxyResource = "manifest" | "blob" | "tags";

const NOT_FOUND_CODES = { manifest: "MANIFEST_UNKNOWN", blob: "BLOB_UNKNOWN", tags: "NAME_UNKNOWN" } as const;

function fromUpstream(error: UpstreamError, upstream: UpstreamTarget, resource: ProxyResource, what: string): RegistryError {
  const host = upstream.endpoint.host;
  switch (error.reason) {
    case "not_found":
      return new RegistryError(NOT_FOUND_CODES[resource], `${what} was not found in the upstream registry`, { upstream: host });
    case "unauthorized":
    case "forbidden":
      return new RegistryError(
        "UNKNOWN",
        `the upstream registry ${host} refused the vendor's registry credentials, so ${what} cannot be fetched; the vendor sees the details in the portal`,
        undefined,
        { status: 502 },
      );
    case "rate_limited":
      return new RegistryError("TOOMANYREQUESTS", `the upstream registry ${host} is rate limiting requests; ${what} cannot be fetched now`, undefined, {
        headers: error.retryAfter !== undefined ? { "Retry-After": String(error.retryAfter) } : {},
      });
    default:
      return new RegistryError("UNKNOWN", `the upstream registry could not serve ${what}, and it is not cached: ${error.message}`, undefined, {
        status: error.reason === "timeout" ? 504 : 502,
      });
  }
}

/**
 * Turns a failure of the upstream side into the client's RegistryError, records it in the
 * registry's counters and the log (warn), and passes anything else through unchanged.
 */
export function toClientError(context: RegistryContext, proxy: RegistryProxy, upstream: UpstreamTarget, resource: ProxyResource, what: string, error: unknown): unknown {
  if (isUpstreamError(error)) {
    if (error.reason !== "not_found") {
      proxy.stats.recordError(upstream.registryId, error.message);
      context.logger.warn("proxy upstream request failed", { requestId: context.requestId, registry: upstream.registryName, reason: error.reason, message: error.message });
    }
    return fromUpstream(error, upstream, resource, what);
  }
  // The blob writer refused what the upstream sent (digest or size): nothing was cached.
  if (isRegistryError(error) && resource === "blob" && (error.code === "DIGEST_INVALID" || error.code === "SIZE_INVALID")) {
    const message = `the upstream registry sent content for ${what} that does not match it (${error.message}); nothing was cached`;
    proxy.stats.recordError(upstream.registryId, message);
    context.logger.warn("proxy upstream sent mismatching content", { requestId: context.requestId, registry: upstream.registryName, message });
    return new RegistryError("UNKNOWN", message, undefined, { status: 502 });
  }
  return error;
}
