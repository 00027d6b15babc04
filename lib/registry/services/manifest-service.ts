/**
 * The manifest service: pushing, reading and deleting manifests of a repository (spec
 * "Pushing Manifests", "Pulling manifests", "Deleting tags / Manifests"), below the HTTP
 * handler and beside the pull-through proxy. A push flows through
 * http/manifests.ts → prepareManifest (pure: parse, validate, digest) → storeManifest
 * (summary; references checked under lock and rows written in one transaction of two
 * statements in metadata/manifest-store.ts).
 */
import type { PrismaClient } from "@/lib/db/client";
import { RegistryError } from "@/lib/registry/errors";
import { listBlobReferences, type ParsedManifest } from "@/lib/registry/manifests/parse-manifest";
import { parseManifestReference, prepareManifest, type ManifestReference, type PreparedManifest } from "@/lib/registry/manifests/prepare-manifest";
import { MAX_SUMMARY_CONFIG_BYTES, isImageConfigType, summariseManifest } from "@/lib/registry/manifests/summarise-manifest";
import type { RegistryChangeFeed } from "@/lib/registry/db/change-feed";
import { notifiedCachePerOwner } from "@/lib/registry/db/notified-cache";
import { deleteManifestByDigest, deleteTag, findManifestByName, savePushedManifest, type StoredManifest } from "@/lib/registry/metadata/manifest-store";
import { ensureRepository, findRepository } from "@/lib/registry/metadata/repositories";
import type { StorageDriver } from "@/lib/registry/storage/driver";

export interface ManifestServiceDeps {
  prisma: PrismaClient;
  storage: StorageDriver;
}

export interface PushManifestInput {
  /** The repository (`<app slug>/<path>`); created by its first push. */
  repositoryName: string;
  /** The URL's reference: a tag, or the digest the body must have (parsePushReference parses one early). */
  reference: ManifestReference | string;
  body: Buffer;
  contentType: string | undefined;
  /** Who pushed, as the images pages show it. */
  pushedBy: string;
}

function manifestUnknown(repositoryName: string, reference: string): RegistryError {
  return new RegistryError("MANIFEST_UNKNOWN", undefined, { name: repositoryName, reference });
}

/** Reads the image config for the summary when it is small and an image config; null otherwise. */
export async function readConfigForSummary(storage: StorageDriver, manifest: ParsedManifest): Promise<unknown> {
  const config = manifest.config;
  if (!config || config.size > MAX_SUMMARY_CONFIG_BYTES || !isImageConfigType(config.mediaType)) return null;
  const stream = await storage.readBlob(config.digest);
  if (!stream) return null;
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      if (total > MAX_SUMMARY_CONFIG_BYTES) return null;
      chunks.push(chunk as Buffer);
    }
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return null;
  } finally {
    stream.destroy();
  }
}

/**
 * Refuses a manifest whose descriptor gives a blob a size other than the stored one
 * (MANIFEST_INVALID: sizes feed the images pages and airgap totals).
 */
function checkBlobSizes(manifest: ParsedManifest, blobSizes: Map<string, number>): void {
  const wrong = listBlobReferences(manifest).find((descriptor) => blobSizes.get(descriptor.digest) !== descriptor.size);
  if (!wrong) return;
  const stored = blobSizes.get(wrong.digest)!;
  throw new RegistryError("MANIFEST_INVALID", `the descriptor of ${wrong.digest} gives its size as ${wrong.size} bytes, but the blob holds ${stored}`, {
    digest: wrong.digest,
    size: wrong.size,
    stored,
  });
}

function missingReferences(repositoryName: string, missing: string[]): RegistryError {
  return new RegistryError("MANIFEST_BLOB_UNKNOWN", `the manifest references ${missing.length} blob(s) or manifest(s) not in ${repositoryName}: ${missing.join(", ")}`, {
    digests: missing,
  });
}

/**
 * Stores a validated manifest in a repository that already holds everything it references
 * (else MANIFEST_BLOB_UNKNOWN; a wrong blob size is MANIFEST_INVALID), with its summary,
 * and points `prepared.tag` at it. Storing the same bytes again is harmless. The image
 * config for the summary is read first (`config`, else here); the references are checked
 * under lock in the store's transaction, so a garbage collection cannot remove one meanwhile.
 */
export async function storeManifest(
  deps: ManifestServiceDeps,
  repository: { id: string; name: string },
  prepared: PreparedManifest,
  pushedBy: string,
  config?: Promise<unknown>,
): Promise<void> {
  const { manifest } = prepared;
  const summaryConfig = manifest.kind === "image" ? await (config ?? readConfigForSummary(deps.storage, manifest)) : null;
  const { missing } = await savePushedManifest(deps.prisma, {
    repositoryId: repository.id,
    digest: prepared.digest,
    mediaType: manifest.mediaType,
    artifactType: manifest.artifactType,
    subjectDigest: manifest.subject?.digest ?? null,
    content: prepared.body,
    pushedBy,
    references: prepared.references,
    tag: prepared.tag,
    describe: ({ blobSizes, childTotals }) => {
      checkBlobSizes(manifest, blobSizes);
      return summariseManifest(manifest, { config: summaryConfig, childTotals });
    },
  });
  if (missing.length > 0) throw missingReferences(repository.name, missing);
}

/**
 * Pushes a manifest (spec "Pushing Manifests"): validates the body against the reference,
 * creates the repository on its first push, checks references and stores. Resolves with
 * the digest and the subject's digest (for the OCI-Subject header).
 */
export async function pushManifest(deps: ManifestServiceDeps, input: PushManifestInput): Promise<{ digest: string; subjectDigest: string | null }> {
  const prepared = prepareManifest(input.body, input.contentType, input.reference);
  // The config is read while the repository is looked up; a missing one is refused under lock later.
  const config = prepared.manifest.kind === "image" ? readConfigForSummary(deps.storage, prepared.manifest).catch(() => null) : undefined;
  const repository = await ensureRepository(deps.prisma, input.repositoryName);
  await storeManifest(deps, repository, prepared, input.pushedBy, config);
  return { digest: prepared.digest, subjectDigest: prepared.manifest.subject?.digest ?? null };
}

/** A repository's manifest by tag or digest, exactly as pushed (one query); NAME_UNKNOWN or MANIFEST_UNKNOWN otherwise. */
export async function readManifestOrThrow(deps: Pick<ManifestServiceDeps, "prisma">, repositoryName: string, reference: string): Promise<StoredManifest> {
  const parsed = parseManifestReference(reference);
  const found = parsed ? await findManifestByName(deps.prisma, repositoryName, parsed) : await findRepository(deps.prisma, repositoryName).then((repository) => ({ hasRepository: repository !== null, manifest: null }));
  if (!found.hasRepository) throw new RegistryError("NAME_UNKNOWN", undefined, { name: repositoryName });
  if (!found.manifest) throw manifestUnknown(repositoryName, reference);
  return found.manifest;
}

/**
 * Manifests kept between requests: small ones only, 8 MiB of content in all (a manifest is
 * at most 4 MiB, most under 4 KiB), so the cache stays a small part of the portal's 300 MiB.
 */
const CACHED_MANIFEST_MAX_BYTES = 64 * 1024;
const CACHED_MANIFESTS_TOTAL_BYTES = 8 * 1024 * 1024;
const manifestCache = notifiedCachePerOwner<StoredManifest>({
  topic: "manifests",
  maxEntries: 4096,
  maxWeight: CACHED_MANIFESTS_TOTAL_BYTES,
  weigh: (manifest) => manifest.content.length,
  keep: (manifest) => manifest.content.length <= CACHED_MANIFEST_MAX_BYTES,
});

/**
 * readManifestOrThrow, reusing an earlier answer while the change feed says no repository,
 * manifest or tag changed since (so a pull's repeated HEADs by tag cost no query). Only
 * found manifests are kept. Without a feed, every call reads the database.
 */
export function readManifestCachedOrThrow(deps: Pick<ManifestServiceDeps, "prisma"> & { changeFeed?: RegistryChangeFeed }, repositoryName: string, reference: string): Promise<StoredManifest> {
  const feed = deps.changeFeed;
  if (!feed) return readManifestOrThrow(deps, repositoryName, reference);
  return manifestCache(feed, feed).get(`${repositoryName}\u0000${reference}`, () => readManifestOrThrow(deps, repositoryName, reference));
}

/** Deletes by reference (spec "Deleting tags / Manifests"): a tag removes the tag, a digest the manifest and its tags; MANIFEST_UNKNOWN when absent. */
export async function deleteManifestReference(deps: Pick<ManifestServiceDeps, "prisma">, repositoryName: string, reference: string): Promise<void> {
  const parsed = parseManifestReference(reference);
  const repository = await findRepository(deps.prisma, repositoryName);
  if (!repository || !parsed) throw manifestUnknown(repositoryName, reference);
  const isDeleted =
    "digest" in parsed ? await deleteManifestByDigest(deps.prisma, repository.id, parsed.digest) : await deleteTag(deps.prisma, repository.id, parsed.tag);
  if (!isDeleted) throw manifestUnknown(repositoryName, reference);
}
