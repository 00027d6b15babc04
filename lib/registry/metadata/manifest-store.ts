/**
 * Manifests, their references and tags in Postgres. Manifests are small (at most 4 MiB)
 * and kept byte for byte in the row, so GET returns exactly what was pushed.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import type { ManifestSummary } from "@/lib/registry/manifests/summarise-manifest";

export interface StoredManifest {
  id: string;
  digest: string;
  mediaType: string;
  size: number;
  content: Buffer;
}

export interface NewManifest {
  repositoryId: string;
  digest: string;
  mediaType: string;
  artifactType: string | null;
  subjectDigest: string | null;
  content: Buffer;
  totalSize: number;
  summary: ManifestSummary;
  pushedBy: string;
  references: { digest: string; isManifest: boolean }[];
  tag: string | null;
}

const SELECT = { id: true, digest: true, mediaType: true, size: true, content: true } as const;

function toStored(row: { id: string; digest: string; mediaType: string; size: number; content: Uint8Array }): StoredManifest {
  return { ...row, content: Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength) };
}

/** A manifest of the repository by digest or by tag, or null. */
export async function findManifest(db: PrismaClient, repositoryId: string, reference: { digest: string } | { tag: string }): Promise<StoredManifest | null> {
  if ("digest" in reference) {
    const row = await db.manifest.findUnique({ where: { repositoryId_digest: { repositoryId, digest: reference.digest } }, select: SELECT });
    return row ? toStored(row) : null;
  }
  const tag = await db.tag.findUnique({ where: { repositoryId_name: { repositoryId, name: reference.tag } }, select: { manifest: { select: SELECT } } });
  return tag ? toStored(tag.manifest) : null;
}

/** Total content sizes of the repository's manifests among `digests` (for index checks and totals). */
export async function findManifestTotals(db: PrismaClient, repositoryId: string, digests: readonly string[]): Promise<Map<string, number>> {
  if (digests.length === 0) return new Map();
  const rows = await db.manifest.findMany({ where: { repositoryId, digest: { in: [...new Set(digests)] } }, select: { digest: true, totalSize: true } });
  return new Map(rows.map((row) => [row.digest, Number(row.totalSize)]));
}

/**
 * Stores a manifest (idempotently: pushing the same bytes again keeps the first row) and
 * points the tag at it, in one transaction. Concurrent pushes of one image both succeed.
 */
export async function saveManifest(db: PrismaClient, manifest: NewManifest): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "Manifest" (id, "repositoryId", digest, "mediaType", "artifactType", "subjectDigest", size, content, "totalSize", summary, "pushedBy")
      VALUES (${randomUUID()}::uuid, ${manifest.repositoryId}::uuid, ${manifest.digest}, ${manifest.mediaType}, ${manifest.artifactType},
              ${manifest.subjectDigest}, ${manifest.content.length}, ${manifest.content}, ${manifest.totalSize}, ${JSON.stringify(manifest.summary)}::jsonb,
              ${manifest.pushedBy})
      ON CONFLICT ("repositoryId", digest) DO NOTHING`;
    const row = await tx.manifest.findUniqueOrThrow({
      where: { repositoryId_digest: { repositoryId: manifest.repositoryId, digest: manifest.digest } },
      select: { id: true },
    });
    if (manifest.references.length > 0) {
      await tx.manifestReference.createMany({
        data: manifest.references.map((reference) => ({ manifestId: row.id, ...reference })),
        skipDuplicates: true,
      });
    }
    if (manifest.tag !== null) {
      await tx.$executeRaw`
        INSERT INTO "Tag" (id, "repositoryId", name, "manifestId", "pushedBy", "updatedAt")
        VALUES (${randomUUID()}::uuid, ${manifest.repositoryId}::uuid, ${manifest.tag}, ${row.id}::uuid, ${manifest.pushedBy}, ${new Date()})
        ON CONFLICT ("repositoryId", name) DO UPDATE
        SET "manifestId" = EXCLUDED."manifestId", "pushedBy" = EXCLUDED."pushedBy", "updatedAt" = EXCLUDED."updatedAt"`;
    }
    await tx.repository.update({ where: { id: manifest.repositoryId }, data: { updatedAt: new Date() } });
  });
}

/** Deletes a manifest and every tag on it (spec "Deleting Manifests"); false when absent. */
export async function deleteManifestByDigest(db: PrismaClient, repositoryId: string, digest: string): Promise<boolean> {
  const { count } = await db.manifest.deleteMany({ where: { repositoryId, digest } });
  return count > 0;
}

/** Deletes one tag, leaving the manifest (spec "Deleting tags"); false when absent. */
export async function deleteTag(db: PrismaClient, repositoryId: string, tag: string): Promise<boolean> {
  const { count } = await db.tag.deleteMany({ where: { repositoryId, name: tag } });
  return count > 0;
}

/** One page of a repository's tags in byte order, after `last` when given. */
export async function listTags(db: PrismaClient, repositoryId: string, page: { limit: number | null; last: string | null }): Promise<string[]> {
  if (page.limit === 0) return [];
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT name FROM "Tag"
    WHERE "repositoryId" = ${repositoryId}::uuid AND (${page.last}::text IS NULL OR name COLLATE "C" > ${page.last}::text)
    ORDER BY name COLLATE "C"
    LIMIT ${page.limit}::bigint`;
  return rows.map((row) => row.name);
}

/** Manifests of the repository whose `subject` is `digest`, oldest first (spec "Listing Referrers"). */
export async function listReferrerManifests(db: PrismaClient, repositoryId: string, digest: string): Promise<StoredManifest[]> {
  const rows = await db.manifest.findMany({ where: { repositoryId, subjectDigest: digest }, select: SELECT, orderBy: { createdAt: "asc" } });
  return rows.map(toStored);
}
