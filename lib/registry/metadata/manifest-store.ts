/**
 * Manifests, their references and tags in Postgres. Manifests are small (at most 4 MiB)
 * and kept byte for byte in the row, so GET returns exactly what was pushed.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/client";
import type { ManifestSummary } from "@/lib/registry/manifests/summarise-manifest";
import { lockRepositoryBlobs } from "@/lib/registry/metadata/blobs";

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
  /**
   * Check inside the transaction, under share locks, that the repository holds every
   * referenced blob and child manifest (a push). The lock is what makes a concurrent
   * garbage collection keep them (gc/collect-garbage.ts). The proxy's cache leaves it off:
   * it stores manifests before fetching their blobs.
   */
  verifyReferences?: boolean;
}

/** Thrown inside saveManifest's transaction to roll it back when references went missing. */
class MissingReferences extends Error {
  constructor(readonly digests: string[]) {
    super("missing references");
  }
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

/**
 * A manifest by repository name and tag or digest in one round trip (a pull's HEAD):
 * `hasRepository` false when no repository has that name, `manifest` null when it lacks
 * the reference.
 */
export async function findManifestByName(
  db: PrismaClient,
  repositoryName: string,
  reference: { digest: string } | { tag: string },
): Promise<{ hasRepository: boolean; manifest: StoredManifest | null }> {
  type Row = { id: string | null; digest: string | null; mediaType: string | null; size: number | null; content: Uint8Array | null };
  const rows =
    "digest" in reference
      ? await db.$queryRaw<Row[]>`
          SELECT m.id::text AS id, m.digest, m."mediaType", m.size, m.content FROM "Repository" r
          LEFT JOIN "Manifest" m ON m."repositoryId" = r.id AND m.digest = ${reference.digest}
          WHERE r.name = ${repositoryName}`
      : await db.$queryRaw<Row[]>`
          SELECT m.id::text AS id, m.digest, m."mediaType", m.size, m.content FROM "Repository" r
          LEFT JOIN "Tag" t ON t."repositoryId" = r.id AND t.name = ${reference.tag}
          LEFT JOIN "Manifest" m ON m.id = t."manifestId"
          WHERE r.name = ${repositoryName}`;
  const row = rows[0];
  if (!row) return { hasRepository: false, manifest: null };
  if (row.id === null) return { hasRepository: true, manifest: null };
  return { hasRepository: true, manifest: toStored({ id: row.id, digest: row.digest!, mediaType: row.mediaType!, size: Number(row.size), content: row.content! }) };
}

/** Total content sizes of the repository's manifests among `digests` (for index checks and totals). */
export async function findManifestTotals(db: PrismaClient, repositoryId: string, digests: readonly string[]): Promise<Map<string, number>> {
  if (digests.length === 0) return new Map();
  const rows = await db.manifest.findMany({ where: { repositoryId, digest: { in: [...new Set(digests)] } }, select: { digest: true, totalSize: true } });
  return new Map(rows.map((row) => [row.digest, Number(row.totalSize)]));
}

/** Child manifests among `digests` the repository lacks, share-locking those it has (so pruning waits for this push). */
async function lockChildManifests(tx: Prisma.TransactionClient, repositoryId: string, digests: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(digests)].sort();
  if (wanted.length === 0) return [];
  const rows = await tx.$queryRaw<{ digest: string }[]>`
    SELECT digest FROM "Manifest" WHERE "repositoryId" = ${repositoryId}::uuid AND digest = ANY(${wanted}::text[]) ORDER BY digest FOR SHARE`;
  const found = new Set(rows.map((row) => row.digest));
  return wanted.filter((digest) => !found.has(digest));
}

/** Inserts the manifest row unless present and returns its id, share-locked so a concurrent prune cannot delete it under the new tag. */
async function insertManifestRow(tx: Prisma.TransactionClient, manifest: NewManifest): Promise<string> {
  // Two tries: a prune that deleted the existing row just now lets the second insert through.
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await tx.$executeRaw`
      INSERT INTO "Manifest" (id, "repositoryId", digest, "mediaType", "artifactType", "subjectDigest", size, content, "totalSize", summary, "pushedBy")
      VALUES (${randomUUID()}::uuid, ${manifest.repositoryId}::uuid, ${manifest.digest}, ${manifest.mediaType}, ${manifest.artifactType},
              ${manifest.subjectDigest}, ${manifest.content.length}, ${manifest.content}, ${manifest.totalSize}, ${JSON.stringify(manifest.summary)}::jsonb,
              ${manifest.pushedBy})
      ON CONFLICT ("repositoryId", digest) DO NOTHING`;
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM "Manifest" WHERE "repositoryId" = ${manifest.repositoryId}::uuid AND digest = ${manifest.digest} FOR SHARE`;
    if (rows[0]) return rows[0].id;
  }
  throw new Error(`manifest ${manifest.digest} vanished while it was stored`);
}

/**
 * Stores a manifest (idempotently: pushing the same bytes again keeps the first row) and
 * points the tag at it, in one transaction. Concurrent pushes of one image both succeed.
 * With `verifyReferences`, resolves with the references the repository lacks (nothing
 * is stored then); otherwise `missing` is empty.
 */
export async function saveManifest(db: PrismaClient, manifest: NewManifest): Promise<{ missing: string[] }> {
  try {
    await db.$transaction(async (tx) => {
      if (manifest.verifyReferences) {
        const blobs = manifest.references.filter((reference) => !reference.isManifest).map((reference) => reference.digest);
        const children = manifest.references.filter((reference) => reference.isManifest).map((reference) => reference.digest);
        const missing = [...(await lockRepositoryBlobs(tx, manifest.repositoryId, blobs)), ...(await lockChildManifests(tx, manifest.repositoryId, children))];
        if (missing.length > 0) throw new MissingReferences(missing);
      }
      const id = await insertManifestRow(tx, manifest);
      if (manifest.references.length > 0) {
        await tx.manifestReference.createMany({
          data: manifest.references.map((reference) => ({ manifestId: id, ...reference })),
          skipDuplicates: true,
        });
      }
      if (manifest.tag !== null) {
        await tx.$executeRaw`
          INSERT INTO "Tag" (id, "repositoryId", name, "manifestId", "pushedBy", "updatedAt")
          VALUES (${randomUUID()}::uuid, ${manifest.repositoryId}::uuid, ${manifest.tag}, ${id}::uuid, ${manifest.pushedBy}, ${new Date()})
          ON CONFLICT ("repositoryId", name) DO UPDATE
          SET "manifestId" = EXCLUDED."manifestId", "pushedBy" = EXCLUDED."pushedBy", "updatedAt" = EXCLUDED."updatedAt"`;
      }
      await tx.repository.update({ where: { id: manifest.repositoryId }, data: { updatedAt: new Date() } });
    });
  } catch (error) {
    if (error instanceof MissingReferences) return { missing: error.digests };
    throw error;
  }
  return { missing: [] };
}

/** Deletes a manifest and every tag on it (spec "Deleting Manifests"); false when absent. */
export async function deleteManifestByDigest(db: PrismaClient, repositoryId: string, digest: string): Promise<boolean> {
  // The blobs it referenced start their garbage-collection grace period now.
  await db.$executeRaw`
    UPDATE "RepositoryBlob" SET "referencedAt" = ${new Date()}
    WHERE "repositoryId" = ${repositoryId}::uuid AND digest IN (
      SELECT mr.digest FROM "ManifestReference" mr JOIN "Manifest" m ON m.id = mr."manifestId"
      WHERE m."repositoryId" = ${repositoryId}::uuid AND m.digest = ${digest} AND NOT mr."isManifest")`;
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
