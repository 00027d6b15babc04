/**
 * How an external image is addressed through an application's pull-through proxy:
 *
 *     <registry host>/proxy/<app slug>/<upstream host>/<repository path>
 *
 * A port in the upstream host is written `<host>_<port>` (`registry.local_5000`): a
 * colon cannot stand in a repository path, and DNS names never contain an underscore,
 * so the encoding is unambiguous both ways. The release preview writes these names and
 * the registry's proxy reads them, with the same two functions.
 */

export const PROXY_PATH_PREFIX = "proxy";

/** The path segment for an upstream host: `host:port` becomes `host_port`. */
export function encodeProxyHost(host: string): string {
  return host.replace(/:(\d+)$/, "_$1");
}

/** The upstream host a path segment stands for: `host_port` becomes `host:port`. */
export function decodeProxyHost(segment: string): string {
  return segment.replace(/_(\d+)$/, ":$1");
}

/** `proxy/<slug>/<encoded host>/<repository>`: the repository name under the portal's registry. */
export function formatProxyRepository(appSlug: string, upstreamHost: string, repository: string): string {
  return `${PROXY_PATH_PREFIX}/${appSlug}/${encodeProxyHost(upstreamHost)}/${repository}`;
}

export interface ProxyRepository {
  appSlug: string;
  /** Lower-case `host[:port]` of the upstream registry. */
  upstreamHost: string;
  /** The repository path on the upstream. */
  repository: string;
}

/** Reads `proxy/<slug>/<encoded host>/<repository>`; null when the name is not a proxy path. */
export function parseProxyRepository(name: string): ProxyRepository | null {
  const [prefix, appSlug, host, ...path] = name.split("/");
  if (prefix !== PROXY_PATH_PREFIX || !appSlug || !host || path.length === 0 || path.some((segment) => segment === "")) return null;
  if (!/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(_\d{1,5})?$/i.test(host)) return null;
  return { appSlug, upstreamHost: decodeProxyHost(host).toLowerCase(), repository: path.join("/") };
}
