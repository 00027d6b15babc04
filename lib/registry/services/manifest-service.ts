/**
 * The manifest service: pushing, reading and deleting manifests of a repository (spec
 * "Pushing Manifests", "Pulling manifests", "Deleting tags / Manifests"), below the HTTP
 * handler and beside the pull-through proxy. A push flows through
 * http/manifests.ts → prepareManifest (pure: parse, validate, digest) → storeManifest
 * (summary; references checked under lock and rows written by one statement in
 * metadata/manifest-store.ts).
 */
import type { PrismaClient } from "@/lib/db/client";
import { RegistryError } from "@/lib/registry/errors";
import { listBlobReferences, type ParsedManifest } from "@/lib/registry/manifests/parse-manifest";
import { parseManifestReference, prepareManifest, type ManifestReference, type PreparedManifest } from "@/lib/registry/manifests/prepare-manifest";
import { MAX_SUMMARY_CONFIG_BYTES, computeImageTotalSize, isImageConfigType, summariseImage, summariseIndex } from "@/lib/registry/manifests/summarise-manifest";
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
 * Stores a validated manifest in repository `repositoryName` (created here when absent)
 * if it holds everything the manifest references (else MANIFEST_BLOB_UNKNOWN; a wrong
 * blob size is MANIFEST_INVALID), with its summary, and points `prepared.tag` at it.
 * Storing the same bytes again is harmless. The image config for the summary is read
 * first; the references are checked under lock by the statement
 * that writes the rows (metadata/manifest-store.ts), so a garbage collection cannot
 * remove one meanwhile.
 */
export async function storeManifest(
  deps: ManifestServiceDeps,
  repositoryName: string,
  prepared: PreparedManifest,
  pushedBy: string,
): Promise<void> {
  const { manifest } = prepared;
  const isIndex = manifest.kind === "index";
  // Without its config (unreadable, or missing: then refused below) an image's summary has fewer details.
  const summaryConfig = isIndex ? null : await readConfigForSummary(deps.storage, manifest).catch(() => null);
  const pushed = {
    repositoryName,
    digest: prepared.digest,
    mediaType: manifest.mediaType,
    artifactType: manifest.artifactType,
    subjectDigest: manifest.subject?.digest ?? null,
    content: prepared.body,
    pushedBy,
    references: prepared.references,
    tag: prepared.tag,
    summary: isIndex ? summariseIndex(manifest) : summariseImage(manifest, summaryConfig),
    totalSize: isIndex ? { childListings: manifest.manifests.map((child) => child.digest) } : computeImageTotalSize(manifest),
    blobDescriptors: listBlobReferences(manifest).map(({ digest, size }) => ({ digest, size })),
  };
  let outcome = await savePushedManifest(deps.prisma, pushed);
  if (outcome.kind === "no-repository") {
    // The first push to this repository (a manifest without references, or one whose references are then missing).
    await ensureRepository(deps.prisma, repositoryName);
    outcome = await savePushedManifest(deps.prisma, pushed);
  }
  if (outcome.kind === "no-repository") throw new RegistryError("NAME_UNKNOWN", undefined, { name: repositoryName });
  if (outcome.kind === "incomplete") {
    if (outcome.missing.length > 0) throw missingReferences(repositoryName, outcome.missing);
    checkBlobSizes(manifest, outcome.storedBlobSizes);
    throw new Error(`manifest ${prepared.digest} was refused with every reference present at its size`);
  }
}

/**
 * Pushes a manifest (spec "Pushing Manifests"): validates the body against the reference,
 * checks references and stores, creating the repository on its first push. Resolves with
 * the digest and the subject's digest (for the OCI-Subject header).
 */
export async function pushManifest(deps: ManifestServiceDeps, input: PushManifestInput): Promise<{ digest: string; subjectDigest: string | null }> {
  const prepared = prepareManifest(input.body, input.contentType, input.reference);
  await storeManifest(deps, input.repositoryName, prepared, input.pushedBy);
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
