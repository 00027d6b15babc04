/**
 * Manifests (spec "Pulling manifests", "Pushing Manifests", "Deleting tags / Manifests"):
 * Docker schema 2 manifests and lists, OCI manifests and indexes, artifacts and subjects.
 */
import { computeDigest, tryParseDigest, type ParsedDigest } from "@/lib/registry/digests";
import { RegistryError } from "@/lib/registry/errors";
import type { RegistryContext } from "@/lib/registry/http/context";
import { recordLicensePull } from "@/lib/registry/http/pull-events";
import { manifestPath, readSmallBody, sendEmpty } from "@/lib/registry/http/respond";
import { isAcceptable } from "@/lib/registry/manifests/media-types";
import {
  MAX_MANIFEST_BYTES,
  listBlobReferences,
  listChildManifests,
  parseManifest,
  type ParsedManifest,
} from "@/lib/registry/manifests/parse-manifest";
import {
  MAX_SUMMARY_CONFIG_BYTES,
  computeImageTotalSize,
  isImageConfigType,
  summariseImage,
  summariseIndex,
  type ManifestSummary,
} from "@/lib/registry/manifests/summarise-manifest";
import { findMissingBlobs } from "@/lib/registry/metadata/blobs";
import { deleteManifestByDigest, deleteTag, findManifest, findManifestTotals, saveManifest } from "@/lib/registry/metadata/manifest-store";
import { ensureRepository, findRepository } from "@/lib/registry/metadata/repositories";
import { DIGEST_PATTERN, explainTag, isValidTag } from "@/lib/registry/names";

type Reference = { digest: string; parsed: ParsedDigest } | { tag: string } | null;

/** A manifest reference is a digest or a tag; a malformed digest is DIGEST_INVALID, anything else null. */
function readReference(reference: string): Reference {
  const parsed = tryParseDigest(reference);
  if (parsed) return { digest: parsed.digest, parsed };
  if (DIGEST_PATTERN.test(reference)) throw new RegistryError("DIGEST_INVALID", "only sha256 and sha512 digests are accepted", { digest: reference });
  return isValidTag(reference) ? { tag: reference } : null;
}

function manifestUnknown(context: RegistryContext): RegistryError {
  return new RegistryError("MANIFEST_UNKNOWN", undefined, { name: context.name, reference: context.match.reference });
}

// GET|HEAD /v2/<name>/manifests/<reference>: the manifest exactly as pushed, if the client accepts its type.
export async function getManifest(context: RegistryContext): Promise<void> {
  const reference = readReference(context.match.reference!);
  const repository = await findRepository(context.options.prisma, context.name);
  if (!repository) throw new RegistryError("NAME_UNKNOWN", undefined, { name: context.name });
  const manifest = reference && (await findManifest(context.options.prisma, repository.id, reference));
  if (!manifest) throw manifestUnknown(context);
  if (!isAcceptable(context.req.headers.accept, manifest.mediaType)) {
    throw new RegistryError("MANIFEST_UNKNOWN", `the manifest is a ${manifest.mediaType}, which the request's Accept header excludes`, {
      mediaType: manifest.mediaType,
    });
  }
  context.res.writeHead(200, {
    "Content-Type": manifest.mediaType,
    "Content-Length": manifest.size,
    "Docker-Content-Digest": manifest.digest,
    ETag: `"${manifest.digest}"`,
  });
  context.res.end(context.req.method === "HEAD" ? undefined : manifest.content);
  recordLicensePull(context, manifest.digest);
}

/** Reads the image config for the summary when it is small and an image config; null otherwise. */
async function readConfigForSummary(context: RegistryContext, manifest: ParsedManifest): Promise<unknown> {
  const config = manifest.config;
  if (!config || config.size > MAX_SUMMARY_CONFIG_BYTES || !isImageConfigType(config.mediaType)) return null;
  const stream = await context.options.storage.readBlob(config.digest);
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

/** Refuses a manifest whose blobs or child manifests the repository lacks; returns the children's totals. */
async function checkReferences(context: RegistryContext, repositoryId: string, manifest: ParsedManifest): Promise<Map<string, number>> {
  const blobs = listBlobReferences(manifest).map((descriptor) => descriptor.digest);
  const children = listChildManifests(manifest).map((descriptor) => descriptor.digest);
  const [missingBlobs, totals] = await Promise.all([
    findMissingBlobs(context.options.prisma, repositoryId, blobs),
    findManifestTotals(context.options.prisma, repositoryId, children),
  ]);
  const missing = [...missingBlobs, ...children.filter((digest) => !totals.has(digest))];
  if (missing.length > 0) {
    throw new RegistryError("MANIFEST_BLOB_UNKNOWN", `the manifest references ${missing.length} blob(s) or manifest(s) not in ${context.name}: ${missing.join(", ")}`, {
      digests: missing,
    });
  }
  return totals;
}

/** What the manifest points at, once per digest (a config may double as a layer). */
function listReferences(manifest: ParsedManifest): { digest: string; isManifest: boolean }[] {
  const references = new Map<string, boolean>();
  for (const descriptor of listChildManifests(manifest)) references.set(descriptor.digest, true);
  for (const descriptor of listBlobReferences(manifest)) if (!references.has(descriptor.digest)) references.set(descriptor.digest, false);
  return [...references].map(([digest, isManifest]) => ({ digest, isManifest }));
}

async function summarise(context: RegistryContext, manifest: ParsedManifest, totals: Map<string, number>): Promise<{ summary: ManifestSummary; totalSize: number }> {
  if (manifest.kind === "index") {
    const totalSize = listChildManifests(manifest).reduce((sum, child) => sum + (totals.get(child.digest) ?? 0), 0);
    return { summary: summariseIndex(manifest), totalSize };
  }
  return { summary: summariseImage(manifest, await readConfigForSummary(context, manifest)), totalSize: computeImageTotalSize(manifest) };
}

// PUT /v2/<name>/manifests/<reference>: validates, checks references, stores and tags (201).
export async function putManifest(context: RegistryContext): Promise<void> {
  const raw = context.match.reference!;
  const reference = readReference(raw);
  if (!reference) throw new RegistryError("MANIFEST_INVALID", `invalid tag ${JSON.stringify(raw)}: ${explainTag(raw) ?? "not a tag"}`, { tag: raw });
  const tooLarge = () => new RegistryError("MANIFEST_INVALID", `manifests are limited to ${MAX_MANIFEST_BYTES} bytes`, undefined, { status: 413 });
  const body = await readSmallBody(context.req, MAX_MANIFEST_BYTES, tooLarge);
  const manifest = parseManifest(body, context.req.headers["content-type"]);
  const digest = computeDigest(body, "parsed" in reference ? reference.parsed.algorithm : "sha256");
  if ("digest" in reference && digest !== reference.digest) {
    throw new RegistryError("DIGEST_INVALID", `the manifest's digest is ${digest}, not ${reference.digest}`, { digest: reference.digest });
  }
  const repository = await ensureRepository(context.options.prisma, context.name);
  const totals = await checkReferences(context, repository.id, manifest);
  const { summary, totalSize } = await summarise(context, manifest, totals);
  await saveManifest(context.options.prisma, {
    repositoryId: repository.id,
    digest,
    mediaType: manifest.mediaType,
    artifactType: manifest.artifactType,
    subjectDigest: manifest.subject?.digest ?? null,
    content: body,
    totalSize,
    summary,
    pushedBy: context.caller?.principal ?? "unknown",
    references: listReferences(manifest),
    tag: "tag" in reference ? reference.tag : null,
  });
  const headers: Record<string, string> = { Location: manifestPath(context.name, digest), "Docker-Content-Digest": digest };
  if (manifest.subject) headers["OCI-Subject"] = manifest.subject.digest;
  sendEmpty(context.res, 201, headers);
}

// DELETE /v2/<name>/manifests/<reference>: a tag removes the tag; a digest removes the manifest and its tags (202).
export async function deleteManifest(context: RegistryContext): Promise<void> {
  const reference = readReference(context.match.reference!);
  const repository = await findRepository(context.options.prisma, context.name);
  if (!repository || !reference) throw manifestUnknown(context);
  const deleted =
    "digest" in reference
      ? await deleteManifestByDigest(context.options.prisma, repository.id, reference.digest)
      : await deleteTag(context.options.prisma, repository.id, reference.tag);
  if (!deleted) throw manifestUnknown(context);
  sendEmpty(context.res, 202);
}
