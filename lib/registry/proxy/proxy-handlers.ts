/**
 * The /v2/proxy/<slug>/<upstream host>/<repository>/... handlers: manifests and blobs
 * (GET and HEAD) and tag listing, answered exactly as the application's own registry
 * answers them (same headers, ranges, OCI errors). The dispatcher has authorised the
 * pull from the token; resolve-target.ts then decides whether this caller may pull
 * this image at all before anything goes upstream. Push, delete and uploads under
 * proxy/ never reach here (proxy-routes.ts answers UNSUPPORTED).
 */
import { readLimitedBody } from "@/lib/external/guarded-stream";
import { UpstreamError } from "@/lib/external/upstream-error";
import { parseDigestOrThrow } from "@/lib/registry/digests";
import { RegistryError } from "@/lib/registry/errors";
import { getBlob } from "@/lib/registry/http/blobs";
import type { RegistryContext } from "@/lib/registry/http/context";
import { cutPage, parsePageRequest } from "@/lib/registry/http/pagination";
import { recordLicensePull } from "@/lib/registry/http/pull-events";
import { blobHeaders, sendEmpty, sendJson } from "@/lib/registry/http/respond";
import { isAcceptable } from "@/lib/registry/manifests/media-types";
import { parseManifestReference } from "@/lib/registry/manifests/prepare-manifest";
import { findRepositoryBlob } from "@/lib/registry/metadata/blobs";
import { findRepository } from "@/lib/registry/metadata/repositories";
import { ensureProxyRepository } from "@/lib/registry/proxy/cache-store";
import { toClientError } from "@/lib/registry/proxy/client-errors";
import { fillBlob, headUpstreamBlob } from "@/lib/registry/proxy/fetch-blob";
import { findProxyManifest } from "@/lib/registry/proxy/fetch-manifest";
import type { RegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import { resolveProxyTarget, type ProxyTarget } from "@/lib/registry/proxy/resolve-target";
import { rewriteTagsLink } from "@/lib/registry/proxy/proxied-names";
import { describeUpstreamFailure, readHeader, requestUpstream } from "@/lib/registry/proxy/upstream";

/** A tag list larger than this is refused (about 100,000 tags). */
const MAX_TAG_LIST_BYTES = 8 * 1024 * 1024;

function requireProxy(context: RegistryContext): RegistryProxy {
  const proxy = context.options.proxy;
  if (!proxy) throw new RegistryError("NAME_UNKNOWN", "the pull-through proxy is not enabled on this registry", { name: context.name });
  return proxy;
}

/** The cache repository's id, created on first use. */
async function findCacheRepositoryId(proxy: RegistryProxy, target: ProxyTarget): Promise<string> {
  const existing = await findRepository(proxy.prisma, target.cacheName);
  if (existing) return existing.id;
  const created = await ensureProxyRepository(proxy.prisma, {
    appId: target.appId,
    name: target.cacheName,
    registryId: target.upstream.registryId,
    upstreamRepository: target.upstream.repository,
  });
  return created.id;
}

// GET|HEAD /v2/proxy/<slug>/<host>/<path>/manifests/<reference>: the upstream's manifest, cached.
export async function getProxyManifest(context: RegistryContext): Promise<void> {
  const proxy = requireProxy(context);
  const raw = context.match.reference!;
  const reference = parseManifestReference(raw);
  const target = await resolveProxyTarget(context, proxy);
  if (!reference) throw new RegistryError("MANIFEST_UNKNOWN", undefined, { name: context.name, reference: raw });
  const { upstream } = target;
  const repositoryId = await findCacheRepositoryId(proxy, target);
  let found;
  try {
    found = await findProxyManifest({ proxy, repositoryId, upstream, reference });
  } catch (error) {
    throw toClientError(context, proxy, upstream, "manifest", `${upstream.repository}${"digest" in reference ? "@" : ":"}${raw}`, error);
  }
  proxy.stats.count(upstream.registryId, found.outcome === "miss" ? { misses: 1 } : found.outcome === "hit" ? { hits: 1 } : { hits: 1, staleServed: 1 });
  const { manifest } = found;
  if (!isAcceptable(context.req.headers.accept, manifest.mediaType)) {
    throw new RegistryError("MANIFEST_UNKNOWN", `the manifest is a ${manifest.mediaType}, which the request's Accept header excludes`, { mediaType: manifest.mediaType });
  }
  context.res.writeHead(200, {
    "Content-Type": manifest.mediaType,
    "Content-Length": manifest.size,
    "Docker-Content-Digest": manifest.digest,
    ETag: `"${manifest.digest}"`,
  });
  context.res.end(context.method === "HEAD" ? undefined : manifest.content);
  recordLicensePull(context, manifest.digest);
}

// GET|HEAD /v2/proxy/<slug>/<host>/<path>/blobs/<digest>: the upstream's blob, cached while it streams.
export async function getProxyBlob(context: RegistryContext): Promise<void> {
  const proxy = requireProxy(context);
  const { digest } = parseDigestOrThrow(context.match.digest);
  const target = await resolveProxyTarget(context, proxy);
  const cached = { ...context, name: target.cacheName };
  const { upstream } = target;
  if (await findRepositoryBlob(proxy.prisma, target.cacheName, digest)) {
    proxy.stats.count(upstream.registryId, { hits: 1 });
    return getBlob(cached);
  }
  proxy.stats.count(upstream.registryId, { misses: 1 });
  const what = `the blob ${digest} of ${upstream.repository}`;
  try {
    if (context.method === "HEAD") {
      const size = await headUpstreamBlob(proxy, upstream, digest);
      sendEmpty(context.res, 200, { ...blobHeaders(digest, size), "Content-Length": size ?? 0 });
      return;
    }
    const repositoryId = await findCacheRepositoryId(proxy, target);
    // Only a whole-blob GET is relayed as it arrives; a range waits for the stored blob.
    const client = context.req.headers.range ? null : context.res;
    const request = { proxy, storage: context.options.storage, repositoryId, upstream, digest };
    const flight = proxy.blobFlights.run(`${repositoryId}\u0000${digest}`, () => fillBlob(request, client));
    const fill = await flight.promise;
    if (flight.isLeader && fill === "streamed") return;
  } catch (error) {
    throw toClientError(context, proxy, upstream, "blob", what, error);
  }
  return getBlob(cached);
}

// GET /v2/proxy/<slug>/<host>/<path>/tags/list?n=&last=: the upstream's tag list, one page at a time.
export async function listProxyTags(context: RegistryContext): Promise<void> {
  const proxy = requireProxy(context);
  const { upstream } = await resolveProxyTarget(context, proxy);
  const page = parsePageRequest(context.url);
  const query = new URLSearchParams();
  if (page.limit !== null) query.set("n", String(page.limit));
  if (page.last !== null) query.set("last", page.last);
  const path = `/v2/${upstream.repository}/tags/list${query.size > 0 ? `?${query}` : ""}`;
  let tags: string[];
  let link: string | null;
  try {
    const { response, session } = await requestUpstream(proxy.sessions, upstream, "GET", path, { accept: "application/json" });
    if (response.status !== 200) throw await describeUpstreamFailure(upstream, session, response, `the tags of ${upstream.repository}`);
    link = rewriteTagsLink(readHeader(response, "link"), context.name);
    tags = readTagList(await readLimitedBody(response, MAX_TAG_LIST_BYTES), response.url.host);
  } catch (error) {
    throw toClientError(context, proxy, upstream, "tags", `the tags of ${upstream.repository}`, error);
  }
  // An upstream that ignores n and last (distribution before 3.0) gets them applied here.
  if (!link) ({ items: tags, link } = cutPage(tags.filter((tag) => page.last === null || tag > page.last).sort(), page, `/v2/${context.name}/tags/list`));
  sendJson(context.req, context.res, 200, { name: context.name, tags }, link ? { Link: link } : {});
}

function readTagList(body: Buffer, host: string): string[] {
  let parsed: { tags?: unknown };
  try {
    parsed = JSON.parse(body.toString("utf8")) as { tags?: unknown };
  } catch {
    throw new UpstreamError("protocol", `${host} answered the tag list with something that is not JSON`);
  }
  const tags = parsed?.tags ?? [];
  if (!Array.isArray(tags) || tags.some((tag) => typeof tag !== "string")) throw new UpstreamError("protocol", `${host} answered the tag list without a list of tags`);
  return tags as string[];
}
