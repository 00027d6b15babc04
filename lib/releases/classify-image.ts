/**
 * Where a pod image comes from and how customers pull it: this application's
 * registry (kept), a registered external registry (rewritten through the proxy,
 * `<host>/proxy/<slug>/<upstream host>/<repository>`, see proxy-path.ts), or public (kept).
 */
import { DOCKER_HUB_REGISTRY, parseImageName } from "./parse-image-reference";
import { decodeProxyHost, formatProxyRepository } from "./proxy-path";
import type { ImageReference, ReleaseContext } from "./types";

export interface ExternalEndpoint {
  name: string;
  host: string;
  /** Namespace path under the host, without slashes at either end; "" for the whole host. */
  namespace: string;
}

export interface NormalizedContext {
  registryHost: string;
  appSlug: string;
  /** Most specific endpoint first, so `quay.io/team` wins over `quay.io`. */
  externals: ExternalEndpoint[];
}

export interface ImageOrigin {
  source: "replicated" | "external" | "proxy" | "public";
  externalRegistry: string | null;
  /** `registry/repository` of the upstream image: what `images:` entries are matched on. */
  matchKey: string;
  /** The proxied reference for external images; null when the image is kept as written. */
  rewritten: string | null;
  lookupKey: string | null;
}

/** Lower-cases hosts, drops schemes and slashes, and maps Docker Hub aliases to `index.docker.io`. */
export function normalizeContext(context: ReleaseContext): NormalizedContext {
  const externals = context.externalRegistries.map(({ name, endpoint }) => {
    const [host, ...path] = stripEndpoint(endpoint).split("/");
    const lowered = host.toLowerCase();
    const isDockerHub = lowered === "docker.io" || lowered === "registry-1.docker.io";
    return { name, host: isDockerHub ? DOCKER_HUB_REGISTRY : lowered, namespace: path.filter(Boolean).join("/") };
  });
  externals.sort((a, b) => b.namespace.length - a.namespace.length);
  return { registryHost: stripEndpoint(context.registryHost).toLowerCase(), appSlug: context.appSlug, externals };
}

/** The registered registry whose endpoint (host and namespace path) covers this repository. */
export function findExternalEndpoint(context: NormalizedContext, registry: string, repository: string): ExternalEndpoint | null {
  for (const endpoint of context.externals) {
    if (endpoint.host !== registry) continue;
    const { namespace } = endpoint;
    if (namespace === "" || repository === namespace || repository.startsWith(`${namespace}/`)) return endpoint;
  }
  return null;
}

/** Decides where a valid reference comes from and what customers pull instead. */
export function classifyReference(reference: ImageReference, context: NormalizedContext): ImageOrigin {
  const { registry, repository } = reference;
  const suffix = formatSuffix(reference);
  if (registry === context.registryHost) {
    const proxyPrefix = `proxy/${context.appSlug}/`;
    if (repository.startsWith(proxyPrefix)) return classifyProxied(repository.slice(proxyPrefix.length), suffix, context);
    if (repository.startsWith(`${context.appSlug}/`)) {
      const lookupKey = `${repository}${suffix || ":latest"}`;
      return { source: "replicated", externalRegistry: null, matchKey: `${registry}/${repository}`, rewritten: null, lookupKey };
    }
  }
  const matchKey = `${registry}/${repository}`;
  const endpoint = findExternalEndpoint(context, registry, repository);
  if (!endpoint) return { source: "public", externalRegistry: null, matchKey, rewritten: null, lookupKey: null };
  return {
    source: "external",
    externalRegistry: endpoint.name,
    matchKey,
    rewritten: `${context.registryHost}/${formatProxyRepository(context.appSlug, registry, repository)}${suffix}`,
    lookupKey: `${matchKey}${suffix || ":latest"}`,
  };
}

/** An image already pointing at this application's proxy: kept, matched on its upstream. */
function classifyProxied(upstream: string, suffix: string, context: NormalizedContext): ImageOrigin {
  const [host = "", ...path] = upstream.split("/");
  const parsed = parseImageName([decodeProxyHost(host), ...path].join("/"));
  const matchKey = parsed.ok ? `${parsed.reference.registry}/${parsed.reference.repository}` : upstream;
  const endpoint = parsed.ok ? findExternalEndpoint(context, parsed.reference.registry, parsed.reference.repository) : null;
  const lookupKey = endpoint ? `${matchKey}${suffix || ":latest"}` : null;
  return { source: "proxy", externalRegistry: endpoint?.name ?? null, matchKey, rewritten: null, lookupKey };
}

function formatSuffix(reference: ImageReference): string {
  return `${reference.tag === null ? "" : `:${reference.tag}`}${reference.digest === null ? "" : `@${reference.digest}`}`;
}

function stripEndpoint(endpoint: string): string {
  return endpoint.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, "").replace(/\/+$/, "");
}
