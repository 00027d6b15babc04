/**
 * Manifests through the proxy: answered from the cache by digest (never contacting the
 * upstream), and by tag from the digest the tag last had upstream while that is younger
 * than PROXY_TAG_TTL; after it, a HEAD upstream confirms the digest (or a GET fetches the
 * new manifest). When the upstream fails (down, timeout, 429, 5xx, refused credentials)
 * and the tag was resolved before, the last known manifest is served (stale-if-error)
 * and the failure is counted for the vendor to see. Every fetched manifest is validated
 * like a push (prepareManifest: parsed, digest of the exact bytes checked against the
 * reference and the upstream's Docker-Content-Digest) before it is cached.
 */
import { readLimitedBody } from "@/lib/external/guarded-stream";
import { MANIFEST_ACCEPT } from "@/lib/external/registry-client";
import { UpstreamError } from "@/lib/external/upstream-error";
import { isRegistryError } from "@/lib/registry/errors";
import { findManifest } from "@/lib/registry/metadata/manifest-store";
import { MAX_MANIFEST_BYTES } from "@/lib/registry/manifests/parse-manifest";
import { prepareManifest, type ManifestReference } from "@/lib/registry/manifests/prepare-manifest";
import { findProxyTag, saveProxyManifest, saveProxyTag, type ServedManifest } from "@/lib/registry/proxy/cache-store";
import type { RegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import { parseRateLimitRemaining } from "@/lib/registry/proxy/proxy-stats";
import { describeUpstreamFailure, readHeader, requestUpstream, type UpstreamTarget } from "@/lib/registry/proxy/upstream";

export interface ProxyManifestRequest {
  proxy: RegistryProxy;
  repositoryId: string;
  upstream: UpstreamTarget;
  reference: ManifestReference;
}

/** How a manifest was answered, for the counters. */
export type ManifestOutcome = "hit" | "miss" | "stale";

/** The manifest for the reference, from the cache or the upstream; throws UpstreamError or RegistryError. */
export async function findProxyManifest(request: ProxyManifestRequest): Promise<{ manifest: ServedManifest; outcome: ManifestOutcome }> {
  const { proxy, repositoryId, reference } = request;
  if ("digest" in reference) {
    const cached = await findManifest(proxy.prisma, repositoryId, { digest: reference.digest });
    if (cached) return { manifest: cached, outcome: "hit" };
    return { manifest: await fetchOnce(request, reference.digest), outcome: "miss" };
  }
  const known = await findProxyTag(proxy.prisma, repositoryId, reference.tag);
  const cached = known ? await findManifest(proxy.prisma, repositoryId, { digest: known.digest }) : null;
  if (known && cached && Date.now() - known.checkedAt.getTime() < proxy.tagTtlMs) return { manifest: cached, outcome: "hit" };
  try {
    if (cached && (await headDigest(request, reference.tag)) === cached.digest) {
      await saveProxyTag(proxy.prisma, repositoryId, reference.tag, cached.digest);
      return { manifest: cached, outcome: "hit" };
    }
    return { manifest: await fetchOnce(request, reference.tag), outcome: "miss" };
  } catch (error) {
    const isStaleAllowed = cached && error instanceof UpstreamError && error.reason !== "not_found";
    if (!isStaleAllowed) throw error;
    proxy.stats.recordError(request.upstream.registryId, `${error.message} (served the cached ${request.upstream.repository}:${reference.tag})`);
    return { manifest: cached, outcome: "stale" };
  }
}

/** One upstream GET per (repository, reference) at a time in this process. */
function fetchOnce(request: ProxyManifestRequest, reference: string): Promise<ServedManifest> {
  return request.proxy.manifestFlights.run(`${request.repositoryId}\u0000${reference}`, () => fetchManifest(request, reference)).promise;
}

function noteRateLimit(request: ProxyManifestRequest, header: string | undefined): void {
  const remaining = parseRateLimitRemaining(header);
  if (remaining !== null) request.proxy.stats.recordRateLimit(request.upstream.registryId, remaining);
}

/** The digest the upstream gives the tag now (HEAD), or null when it does not say. */
async function headDigest(request: ProxyManifestRequest, tag: string): Promise<string | null> {
  const { upstream, proxy } = request;
  const what = `the manifest ${upstream.repository}:${tag}`;
  const { response, session } = await requestUpstream(proxy.sessions, upstream, "HEAD", `/v2/${upstream.repository}/manifests/${tag}`, { accept: MANIFEST_ACCEPT });
  noteRateLimit(request, readHeader(response, "ratelimit-remaining"));
  if (response.status !== 200) throw await describeUpstreamFailure(upstream, session, response, what);
  response.body.destroy();
  return readHeader(response, "docker-content-digest") ?? null;
}

/** GETs a manifest upstream, validates it and stores it (and the tag, for a tag). */
async function fetchManifest(request: ProxyManifestRequest, reference: string): Promise<ServedManifest> {
  const { upstream, proxy, repositoryId } = request;
  const what = `the manifest ${upstream.repository}${reference.includes(":") ? "@" : ":"}${reference}`;
  const { response, session } = await requestUpstream(proxy.sessions, upstream, "GET", `/v2/${upstream.repository}/manifests/${reference}`, { accept: MANIFEST_ACCEPT });
  noteRateLimit(request, readHeader(response, "ratelimit-remaining"));
  if (response.status !== 200) throw await describeUpstreamFailure(upstream, session, response, what);
  const body = await readLimitedBody(response, MAX_MANIFEST_BYTES);
  let prepared;
  try {
    prepared = prepareManifest(body, readHeader(response, "content-type"), request.reference);
  } catch (error) {
    if (!isRegistryError(error)) throw error;
    throw new UpstreamError("protocol", `${response.url.host} served ${what} that this registry cannot serve: ${error.message}`);
  }
  const announced = readHeader(response, "docker-content-digest");
  if (announced && announced.startsWith("sha256:") && prepared.digest.startsWith("sha256:") && announced !== prepared.digest) {
    throw new UpstreamError("protocol", `${response.url.host} announced ${announced} for ${what}, but its bytes have digest ${prepared.digest}`);
  }
  // Two commits at once rather than in turn (one commit's wait less before the client gets the manifest). A tag
  // saved without its manifest is harmless: findProxyManifest fetches again when the digest it names is not cached.
  const tag = prepared.tag;
  const [stored] = await Promise.all([saveProxyManifest(proxy.prisma, repositoryId, prepared), tag !== null ? saveProxyTag(proxy.prisma, repositoryId, tag, prepared.digest) : null]);
  return stored;
}
