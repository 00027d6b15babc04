/**
 * Names on the proxy's side, pure: the upstream image a proxy repository name stands
 * for (Docker Hub's aliases and official images made canonical, as the release preview
 * writes them), and an upstream tag list's `Link` moved onto the proxy's path.
 */
import { parseImageName } from "@/lib/releases/parse-image-reference";
import { parseProxyRepository } from "@/lib/releases/proxy-path";

/** The upstream image a proxy name stands for, as `registry` and `repository`; null when it is not an image name. */
export function readProxiedImage(name: string): { appSlug: string; registry: string; repository: string } | null {
  const proxied = parseProxyRepository(name);
  if (!proxied) return null;
  const parsed = parseImageName(`${proxied.upstreamHost}/${proxied.repository}`);
  if (!parsed.ok) return null;
  return { appSlug: proxied.appSlug, registry: parsed.reference.registry, repository: parsed.reference.repository };
}

/** The upstream's `Link` to the next page, rewritten to this registry's path (only `n` and `last` kept). */
export function rewriteTagsLink(link: string | undefined, name: string): string | null {
  const match = link ? /<([^>]+)>\s*;\s*rel="?next"?/i.exec(link) : null;
  if (!match) return null;
  const next = new URL(match[1]!, "http://upstream.invalid");
  const query = new URLSearchParams();
  for (const key of ["n", "last"]) {
    const value = next.searchParams.get(key);
    if (value !== null) query.set(key, value);
  }
  return `</v2/${name}/tags/list?${query}>; rel="next"`;
}

