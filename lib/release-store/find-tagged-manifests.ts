/** Which manifest each of this application's `<repository>:<tag>` points to now, in one query. */
import { prisma } from "@/lib/db/client";

export interface TaggedManifest {
  manifestId: string;
  repositoryId: string;
  digest: string;
  totalSize: number;
}

/** `<repository>:<tag>` as used in keys; the repository is the full name, `<slug>/<path>`. */
export function formatTagKey(repository: string, tag: string): string {
  return `${repository}:${tag}`;
}

/**
 * The manifests the given tags point to, keyed by `<repository>:<tag>`; tags that do not
 * exist are absent. Repositories are matched only within `appId`, so no other app's tags leak.
 */
export async function findTaggedManifests(appId: string, refs: readonly { repository: string; tag: string }[]): Promise<Map<string, TaggedManifest>> {
  const found = new Map<string, TaggedManifest>();
  if (refs.length === 0) return found;
  const wanted = new Set(refs.map((ref) => formatTagKey(ref.repository, ref.tag)));
  const rows = await prisma.tag.findMany({
    where: { name: { in: [...new Set(refs.map((ref) => ref.tag))] }, repository: { appId, name: { in: [...new Set(refs.map((ref) => ref.repository))] } } },
    select: { name: true, repository: { select: { id: true, name: true } }, manifest: { select: { id: true, digest: true, totalSize: true } } },
  });
  for (const row of rows) {
    const key = formatTagKey(row.repository.name, row.name);
    // The query matches the cross product of names and tags; keep only the pairs asked for.
    if (!wanted.has(key)) continue;
    found.set(key, { manifestId: row.manifest.id, repositoryId: row.repository.id, digest: row.manifest.digest, totalSize: Number(row.manifest.totalSize) });
  }
  return found;
}

/** The digest each `<repository>:<tag>` points to now, or null when the tag does not exist. */
export async function findCurrentTagDigests(appId: string, images: readonly string[]): Promise<Map<string, string | null>> {
  const refs = images.flatMap((image) => {
    const colon = image.lastIndexOf(":");
    return colon > image.lastIndexOf("/") ? [{ repository: image.slice(0, colon), tag: image.slice(colon + 1) }] : [];
  });
  const manifests = await findTaggedManifests(appId, refs);
  return new Map(images.map((image) => [image, manifests.get(image)?.digest ?? null]));
}
