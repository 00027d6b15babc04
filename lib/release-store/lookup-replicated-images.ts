/**
 * Live look-ups of this application's own images for the release preview: what each
 * tag (or digest) resolves to, its total compressed size, and the blobs behind it so
 * the airgap total counts shared layers once. A fixed number of queries, whatever
 * the number of images (no query per image).
 */
import { prisma } from "@/lib/db/client";
import type { RegistryImageInfo, RegistryLookup } from "@/lib/releases";
import { findTaggedManifests, formatTagKey, type TaggedManifest } from "./find-tagged-manifests";

type Blob = { digest: string; size: number };

/** Results keyed by each look-up's `key`: the image's manifest, or null when it has not been pushed. */
export async function lookupReplicatedImages(appId: string, lookups: readonly RegistryLookup[]): Promise<Record<string, RegistryImageInfo | null>> {
  if (lookups.length === 0) return {};
  const byTag = lookups.filter((lookup) => lookup.digest === null && lookup.tag !== null);
  const byDigest = lookups.filter((lookup) => lookup.digest !== null);
  const [tagged, pinned] = await Promise.all([
    findTaggedManifests(appId, byTag.map((lookup) => ({ repository: lookup.repository, tag: lookup.tag! }))),
    findManifestsByDigest(appId, byDigest),
  ]);
  const manifestFor = (lookup: RegistryLookup): TaggedManifest | undefined =>
    lookup.digest !== null ? pinned.get(`${lookup.repository}@${lookup.digest}`) : lookup.tag !== null ? tagged.get(formatTagKey(lookup.repository, lookup.tag)) : undefined;
  const manifests = lookups.map(manifestFor).filter((manifest): manifest is TaggedManifest => manifest !== undefined);
  const blobsByManifest = await listBlobsOfManifests(manifests);
  const results: Record<string, RegistryImageInfo | null> = {};
  for (const lookup of lookups) {
    const manifest = manifestFor(lookup);
    results[lookup.key] = manifest
      ? { digest: manifest.digest, size: manifest.totalSize, blobs: blobsByManifest.get(manifest.manifestId) ?? [] }
      : null;
  }
  return results;
}

/** Manifests pinned by digest, keyed by `<repository>@<digest>`. */
async function findManifestsByDigest(appId: string, lookups: readonly RegistryLookup[]): Promise<Map<string, TaggedManifest>> {
  const found = new Map<string, TaggedManifest>();
  if (lookups.length === 0) return found;
  const rows = await prisma.manifest.findMany({
    where: { digest: { in: lookups.map((lookup) => lookup.digest!) }, repository: { appId, name: { in: lookups.map((lookup) => lookup.repository) } } },
    select: { id: true, digest: true, totalSize: true, repository: { select: { id: true, name: true } } },
  });
  for (const row of rows) {
    found.set(`${row.repository.name}@${row.digest}`, { manifestId: row.id, repositoryId: row.repository.id, digest: row.digest, totalSize: Number(row.totalSize) });
  }
  return found;
}

/**
 * The config and layer blobs of each manifest; for an index, those of its child
 * manifests stored in the same repository (one level, as image indexes are built).
 */
async function listBlobsOfManifests(manifests: readonly TaggedManifest[]): Promise<Map<string, Blob[]>> {
  const result = new Map<string, Blob[]>();
  if (manifests.length === 0) return result;
  const parentIds = [...new Set(manifests.map((manifest) => manifest.manifestId))];
  const parentRefs = await prisma.manifestReference.findMany({ where: { manifestId: { in: parentIds } }, select: { manifestId: true, digest: true, isManifest: true } });
  const childDigests = [...new Set(parentRefs.filter((ref) => ref.isManifest).map((ref) => ref.digest))];
  const repositoryIds = [...new Set(manifests.map((manifest) => manifest.repositoryId))];
  const children = childDigests.length
    ? await prisma.manifest.findMany({ where: { digest: { in: childDigests }, repositoryId: { in: repositoryIds } }, select: { id: true, digest: true, repositoryId: true } })
    : [];
  const childRefs = children.length
    ? await prisma.manifestReference.findMany({ where: { manifestId: { in: children.map((child) => child.id) }, isManifest: false }, select: { manifestId: true, digest: true } })
    : [];
  const blobRefs = [...parentRefs.filter((ref) => !ref.isManifest), ...childRefs];
  const blobRows = await prisma.blob.findMany({ where: { digest: { in: [...new Set(blobRefs.map((ref) => ref.digest))] } }, select: { digest: true, size: true } });
  const sizes = new Map(blobRows.map((blob) => [blob.digest, Number(blob.size)]));
  const blobsByManifest = groupBy(blobRefs, (ref) => ref.manifestId);
  const childIdByKey = new Map(children.map((child) => [`${child.repositoryId}@${child.digest}`, child.id]));
  const childDigestsByParent = groupBy(parentRefs.filter((ref) => ref.isManifest), (ref) => ref.manifestId);
  const blobsOf = (manifestId: string): Blob[] =>
    (blobsByManifest.get(manifestId) ?? []).flatMap((ref) => (sizes.has(ref.digest) ? [{ digest: ref.digest, size: sizes.get(ref.digest)! }] : []));
  for (const manifest of manifests) {
    const childIds = (childDigestsByParent.get(manifest.manifestId) ?? []).flatMap((ref) => childIdByKey.get(`${manifest.repositoryId}@${ref.digest}`) ?? []);
    result.set(manifest.manifestId, [...blobsOf(manifest.manifestId), ...childIds.flatMap(blobsOf)]);
  }
  return result;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
