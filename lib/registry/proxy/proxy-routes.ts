/**
 * Where the dispatcher sends a repository route whose name starts with `proxy/`: the
 * pull-through proxy's handlers for manifest and blob GET/HEAD and tag listing, and
 * UNSUPPORTED for everything else (push, delete, uploads, referrers): the proxy is a
 * reader, never a door. A proxy name is read with parseProxyRepository, not the
 * application repository grammar, so `<host>_<port>` segments are fine.
 */
import { RegistryError } from "@/lib/registry/errors";
import type { RegistryRouteHandler } from "@/lib/registry/http/context";
import type { RouteName } from "@/lib/registry/http/routes";
import { getProxyBlob, getProxyManifest, listProxyTags } from "@/lib/registry/proxy/proxy-handlers";
import { PROXY_PATH_PREFIX, parseProxyRepository } from "@/lib/releases/proxy-path";

const PROXY_HANDLERS: Partial<Record<RouteName, Partial<Record<string, RegistryRouteHandler>>>> = {
  manifest: { GET: getProxyManifest, HEAD: getProxyManifest },
  blob: { GET: getProxyBlob, HEAD: getProxyBlob },
  tags: { GET: listProxyTags },
};

/** Whether a repository name is under the proxy's prefix. */
export function isProxyName(name: string | undefined): name is string {
  return name !== undefined && name.startsWith(`${PROXY_PATH_PREFIX}/`);
}

/** The proxy handler for a route and method on a proxy name; NAME_INVALID or UNSUPPORTED otherwise. */
export function resolveProxyHandler(name: string, route: RouteName, method: string): RegistryRouteHandler {
  if (!parseProxyRepository(name)) {
    throw new RegistryError("NAME_INVALID", "invalid repository name: proxied images are named proxy/<application>/<upstream host>/<repository>", { name });
  }
  const handlers = PROXY_HANDLERS[route];
  const handler = handlers?.[method];
  if (!handler) {
    throw new RegistryError("UNSUPPORTED", "the pull-through proxy is read-only: only pulling manifests, blobs and tag lists is supported", { name }, {
      headers: { Allow: Object.keys(handlers ?? {}).join(", ") },
    });
  }
  return handler;
}
