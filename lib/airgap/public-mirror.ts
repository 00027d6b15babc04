/**
 * `PUBLIC_REGISTRY_MIRROR`: `host[:port]` of the registry that serves Docker Hub's public
 * images while bundles are built (unqualified names such as `redis`, at their Docker Hub
 * path `library/redis`); unset, they come from Docker Hub. Public images that name another
 * registry come from that registry. The mirror is reached through the SSRF guard, so a
 * private address must also be listed in EXTERNAL_REGISTRY_ALLOW (plain HTTP then works
 * without a scheme, or with `http://`).
 */
import { getConfig } from "@/lib/config";
import { normaliseEndpoint } from "@/lib/external/endpoint";
import { isAppError } from "@/lib/errors";

/** The mirror from the environment, or null; throws with a readable message when malformed. */
export function resolvePublicRegistryMirror(env?: Record<string, string | undefined>): string | null {
  const raw = env ? env.PUBLIC_REGISTRY_MIRROR?.trim() : getConfig().PUBLIC_REGISTRY_MIRROR;
  if (!raw) return null;
  try {
    const endpoint = normaliseEndpoint(raw);
    if (endpoint.namespace) throw new Error("a path is not allowed");
    return endpoint.endpoint;
  } catch (error) {
    const reason = isAppError(error) || error instanceof Error ? error.message : String(error);
    throw new Error(`PUBLIC_REGISTRY_MIRROR must be host[:port] of a registry, not ${JSON.stringify(raw)}: ${reason}`);
  }
}
