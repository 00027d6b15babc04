/**
 * Where the bundle builder reads each image of a release's `images:` from:
 *
 * - `replicated`: this application's registry: manifests from PostgreSQL, blobs from the
 *   blob store (verified when they were pushed).
 * - external registries: through the pull-through proxy's cache (lib/registry/proxy), so a
 *   build fills the same cache customers pull from: manifests are fetched upstream when
 *   missing or stale, blobs are fetched into the store when not yet cached, then read
 *   from the store.
 * - `public`: the image's own registry, anonymously, or `PUBLIC_REGISTRY_MIRROR` for
 *   Docker Hub images (`redis` is `library/redis` there). Nothing is cached: blobs stream
 *   from the upstream into the bundle, read into pooled buffers, and are hashed on the
 *   way (`isVerified: false`).
 *
 * Every upstream request goes through the SSRF guard with EXTERNAL_REGISTRY_ALLOW.
 */
import type { PrismaClient } from "@/lib/db/client";
import { normaliseEndpoint } from "@/lib/external/endpoint";
import { readLimitedBody } from "@/lib/external/guarded-stream";
import { BufferPool, type LentBuffer } from "@/lib/external/socket-exchange";
import { MANIFEST_ACCEPT } from "@/lib/external/registry-client";
import { UpstreamError } from "@/lib/external/upstream-error";
import { openRegistrySecret } from "@/lib/external-registries/registry-secret";
import { isRegistryError } from "@/lib/registry/errors";
import { findRepositoryBlob } from "@/lib/registry/metadata/blobs";
import { findManifest } from "@/lib/registry/metadata/manifest-store";
import { MAX_MANIFEST_BYTES } from "@/lib/registry/manifests/parse-manifest";
import { parseManifestReference, prepareManifest } from "@/lib/registry/manifests/prepare-manifest";
import { ensureProxyRepository } from "@/lib/registry/proxy/cache-store";
import { fillBlob } from "@/lib/registry/proxy/fetch-blob";
import { findProxyManifest } from "@/lib/registry/proxy/fetch-manifest";
import type { RegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import { describeUpstreamFailure, readHeader, requestUpstream, type UpstreamTarget } from "@/lib/registry/proxy/upstream";
import type { StorageDriver } from "@/lib/registry/storage/driver";
import { findExternalEndpoint, type NormalizedContext } from "@/lib/releases/classify-image";
import { DOCKER_HUB_REGISTRY } from "@/lib/releases/parse-image-reference";
import { formatProxyRepository } from "@/lib/releases/proxy-path";
import { AirgapImageError } from "./airgap-errors";
import { streamStoredBlob } from "./stored-blob-chunks";

export interface AirgapSourceDeps {
  prisma: PrismaClient;
  storage: StorageDriver;
  /** The pull-through proxy's state: upstream sessions (SSRF guard, credentials) and its cache. */
  proxy: RegistryProxy;
  /** PUBLIC_REGISTRY_MIRROR: `host[:port]` serving Docker Hub's public images, or null for Docker Hub itself. */
  publicMirror: string | null;
}

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  content: Buffer;
}

/** One image's origin, as the builder sees it. */
export interface ImageSource {
  /** A manifest by tag or digest; throws AirgapImageError (unknown tag) or UpstreamError. */
  getManifest(reference: string): Promise<FetchedManifest>;
  /**
   * The bytes of a blob the image's manifests name. A chunk may be a reused buffer, valid
   * only until the next chunk is asked for: copy what must be kept.
   */
  openBlob(digest: string): Promise<AsyncIterable<Uint8Array>>;
  /** False when the bytes come straight from an upstream and must be hashed on the way. */
  readonly isVerified: boolean;
}

export interface ImageToResolve {
  /** Full reference as the release's `images:` names it, e.g. `quay.io/acme/tool:2.0`. */
  reference: string;
  origin: "replicated" | "external" | "public";
  registry: string;
  repository: string;
}

export interface AppForSources {
  id: string;
  slug: string;
  teamId: string;
}

/** Opens the source of one image of the application's release. */
export async function openImageSource(deps: AirgapSourceDeps, app: AppForSources, context: NormalizedContext, image: ImageToResolve): Promise<ImageSource> {
  if (image.origin === "replicated") return openRegistrySource(deps, app, image);
  if (image.origin === "external") return openExternalSource(deps, app, context, image);
  return openPublicSource(deps, image);
}

function isDigestReference(reference: string): boolean {
  return reference.includes(":");
}

async function openRegistrySource(deps: AirgapSourceDeps, app: AppForSources, image: ImageToResolve): Promise<ImageSource> {
  const repository = await deps.prisma.repository.findFirst({ where: { appId: app.id, name: image.repository }, select: { id: true } });
  if (!repository) throw new AirgapImageError(image.reference, "unknown_image", `${image.repository} does not exist in this application's registry`);
  return {
    isVerified: true,
    getManifest: async (reference) => {
      const found = await findManifest(deps.prisma, repository.id, isDigestReference(reference) ? { digest: reference } : { tag: reference });
      if (!found) throw new AirgapImageError(image.reference, "unknown_tag", `${image.repository} has no ${isDigestReference(reference) ? "manifest" : "tag"} ${reference}`);
      return found;
    },
    openBlob: (digest) => readStoredBlob(deps.storage, image.reference, digest),
  };
}

/** A stored blob in reused buffers (stored-blob-chunks.ts): each chunk is valid until the next is asked for. */
async function readStoredBlob(storage: StorageDriver, reference: string, digest: string): Promise<AsyncIterable<Uint8Array>> {
  return streamStoredBlob(storage, digest, () => new AirgapImageError(reference, "missing_blob", `the blob ${digest} is missing from the blob store`));
}

async function openExternalSource(deps: AirgapSourceDeps, app: AppForSources, context: NormalizedContext, image: ImageToResolve): Promise<ImageSource> {
  const { prisma, proxy, storage } = deps;
  const endpoint = findExternalEndpoint(context, image.registry, image.repository);
  const registry = endpoint ? await prisma.externalRegistry.findFirst({ where: { teamId: app.teamId, name: endpoint.name } }) : null;
  if (!registry) throw new AirgapImageError(image.reference, "unknown_image", "no registered external registry serves it any more");
  const upstream: UpstreamTarget = {
    registryId: registry.id,
    registryName: registry.name,
    endpoint: normaliseEndpoint(registry.endpoint),
    repository: image.repository,
    credentials: { username: registry.username, password: openRegistrySecret(registry, proxy.secretsKey) },
    credentialsVersion: registry.secretUpdatedAt.toISOString(),
  };
  const cacheName = formatProxyRepository(app.slug, image.registry, image.repository);
  const { id: repositoryId } = await ensureProxyRepository(prisma, { appId: app.id, name: cacheName, registryId: registry.id, upstreamRepository: image.repository });
  return {
    isVerified: true,
    getManifest: async (reference) => {
      const parsed = parseManifestReference(reference);
      if (!parsed) throw new AirgapImageError(image.reference, "unknown_tag", `${reference} is not a tag or digest`);
      return (await findProxyManifest({ proxy, repositoryId, upstream, reference: parsed })).manifest;
    },
    openBlob: async (digest) => {
      if (!(await findRepositoryBlob(prisma, cacheName, digest)) || !(await storage.statBlob(digest))) {
        // The same single flight as customers' pulls, so a build and a pull fetch a blob once.
        await proxy.blobFlights.run(`${repositoryId}\u0000${digest}`, () => fillBlob({ proxy, storage, repositoryId, upstream, digest }, null)).promise;
      }
      return readStoredBlob(storage, image.reference, digest);
    },
  };
}

/** The upstream that serves a public image: its own registry, or the mirror for Docker Hub's. */
export function resolvePublicUpstream(registry: string, repository: string, publicMirror: string | null): UpstreamTarget {
  const host = registry === DOCKER_HUB_REGISTRY && publicMirror ? publicMirror : registry;
  return {
    registryId: `public:${host}`,
    registryName: host === registry ? "public" : "PUBLIC_REGISTRY_MIRROR",
    endpoint: normaliseEndpoint(host),
    repository,
    credentials: {},
    credentialsVersion: "anonymous",
  };
}

/** Public blobs are read straight into these pooled buffers (socket-exchange.ts), a few ahead of the bundle writer. */
const publicBlobBuffers = new BufferPool(1024 * 1024, 8);
const PUBLIC_READ_AHEAD = 4;

/** Each lent buffer's bytes, given back to the pool when the next is asked for (the writer is done with it by then: driver.ts). */
async function* releaseEachOnNext(buffers: AsyncIterable<LentBuffer>): AsyncGenerator<Buffer> {
  for await (const buffer of buffers) {
    try {
      yield buffer.bytes;
    } finally {
      buffer.release();
    }
  }
}

function openPublicSource(deps: AirgapSourceDeps, image: ImageToResolve): ImageSource {
  const upstream = resolvePublicUpstream(image.registry, image.repository, deps.publicMirror);
  const { sessions } = deps.proxy;
  return {
    isVerified: false,
    getManifest: async (reference) => {
      const parsed = parseManifestReference(reference);
      if (!parsed) throw new AirgapImageError(image.reference, "unknown_tag", `${reference} is not a tag or digest`);
      const what = `the manifest ${image.repository}${"digest" in parsed ? "@" : ":"}${reference}`;
      const { response, session } = await requestUpstream(sessions, upstream, "GET", `/v2/${image.repository}/manifests/${reference}`, { accept: MANIFEST_ACCEPT });
      if (response.status !== 200) throw await describeUpstreamFailure(upstream, session, response, what);
      const body = await readLimitedBody(response, MAX_MANIFEST_BYTES);
      try {
        const prepared = prepareManifest(body, readHeader(response, "content-type"), parsed);
        return { digest: prepared.digest, mediaType: prepared.manifest.mediaType, content: body };
      } catch (error) {
        if (!isRegistryError(error)) throw error;
        throw new UpstreamError("protocol", `${response.url.host} served ${what} that cannot be bundled: ${error.message}`);
      }
    },
    openBlob: async (digest) => {
      const lend = { pool: publicBlobBuffers, readAhead: PUBLIC_READ_AHEAD };
      const { response, session } = await requestUpstream(sessions, upstream, "GET", `/v2/${image.repository}/blobs/${digest}`, {}, lend);
      if (response.status !== 200) throw await describeUpstreamFailure(upstream, session, response, `the blob ${digest} of ${image.repository}`);
      return releaseEachOnNext(response.body.lent());
    },
  };
}
