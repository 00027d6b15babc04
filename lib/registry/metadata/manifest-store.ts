/**
 * Manifests, their references and tags in Postgres. Manifests are small (at most 4 MiB)
 * and kept byte for byte in the row, so GET returns exactly what was pushed.
 */
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@/lib/db/client";
import type { ManifestSummary } from "@/lib/registry/manifests/summarise-manifest";
import { queryRows } from "@/lib/db/sql";

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

/**
 * A pushed manifest, stored only if its repository holds everything it references: each
 * blob, with the size every descriptor of it gives (`blobDescriptors`), and each child
 * manifest. `totalSize` is the manifest's own (an image's), or for an index the sum of its
 * children's totals, one per listing, read under the same locks.
 */
export type PushedManifest = Omit<NewManifest, "repositoryId" | "totalSize"> & {
  repositoryName: string;
  blobDescriptors: { digest: string; size: number }[];
  totalSize: number | { childListings: string[] };
};

/**
 * What became of a push: stored; no repository of that name (create it and push again);
 * or refused because the repository lacks references (`missing`, in the manifest's order)
 * or holds a blob of another size than a descriptor gives (`storedBlobSizes` tells which).
 */
export type PushedManifestOutcome =
  | { kind: "stored" }
  | { kind: "no-repository" }
  | { kind: "incomplete"; missing: string[]; storedBlobSizes: Map<string, number> };

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

/**
 * After a CTE `manifest` yielding the row's id: `, refs AS (…), tagged AS (…), touched AS
 * (…)`, writing the manifest's references, pointing the tag at it and marking the
 * repository (`repositoryId`, an expression) as pushed to now.
 */
function manifestFollowUpsSql(manifest: Pick<NewManifest, "references" | "tag" | "pushedBy">, repositoryId: Prisma.Sql, now: Date): Prisma.Sql {
  const references = manifest.references.length
    ? Prisma.sql`, refs AS (
        INSERT INTO "ManifestReference" ("manifestId", digest, "isManifest")
        SELECT m.id, r.digest, r."isManifest" FROM manifest m
        CROSS JOIN unnest(${manifest.references.map((reference) => reference.digest)}::text[], ${manifest.references.map((reference) => reference.isManifest)}::boolean[]) AS r(digest, "isManifest")
        ON CONFLICT DO NOTHING
      )`
    : Prisma.empty;
  const tag =
    manifest.tag !== null
      ? Prisma.sql`, tagged AS (
        INSERT INTO "Tag" (id, "repositoryId", name, "manifestId", "pushedBy", "updatedAt")
        SELECT ${randomUUID()}::uuid, ${repositoryId}, ${manifest.tag}::text, m.id, ${manifest.pushedBy}::text, ${now}::timestamp FROM manifest m
        ON CONFLICT ("repositoryId", name) DO UPDATE
        SET "manifestId" = EXCLUDED."manifestId", "pushedBy" = EXCLUDED."pushedBy", "updatedAt" = EXCLUDED."updatedAt"
      )`
      : Prisma.empty;
  return Prisma.sql`${references}${tag}, touched AS (
    UPDATE "Repository" SET "updatedAt" = ${now} WHERE id = ${repositoryId} AND EXISTS (SELECT 1 FROM manifest)
  )`;
}

/**
 * Stores a manifest without checking its references (the proxy's cache, which stores
 * manifests before fetching their blobs) and points the tag at it, in one statement.
 * Writes the row unless present (idempotently: the first row stays). An existing row is
 * share-locked, so a concurrent prune cannot delete it under the new tag; a prune that
 * deleted it just now leaves no row, and one retry inserts.
 */
export async function saveManifest(db: PrismaClient, manifest: NewManifest): Promise<void> {
  const repositoryId = Prisma.sql`${manifest.repositoryId}::uuid`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    // `existing` reads the statement's snapshot, so at most one of the two finds the row.
    const rows = await queryRows<{ id: string }>(
      db,
      Prisma.sql`
      WITH inserted AS (
        INSERT INTO "Manifest" (id, "repositoryId", digest, "mediaType", "artifactType", "subjectDigest", size, content, "totalSize", summary, "pushedBy")
        VALUES (${randomUUID()}::uuid, ${repositoryId}, ${manifest.digest}, ${manifest.mediaType}, ${manifest.artifactType},
                ${manifest.subjectDigest}, ${manifest.content.length}, ${manifest.content}, ${manifest.totalSize}, ${JSON.stringify(manifest.summary)}::jsonb,
                ${manifest.pushedBy})
        ON CONFLICT ("repositoryId", digest) DO NOTHING
        RETURNING id
      ), existing AS (
        SELECT id FROM "Manifest" WHERE "repositoryId" = ${repositoryId} AND digest = ${manifest.digest} FOR SHARE
      ), manifest AS (
        SELECT id FROM inserted UNION ALL SELECT id FROM existing
      )${manifestFollowUpsSql(manifest, repositoryId, new Date())}
      SELECT id::text AS id FROM manifest`,
    );
    if (rows[0]) return;
  }
  throw new Error(`manifest ${manifest.digest} vanished while it was stored`);
}

interface PushRow {
  hasRepository: boolean;
  isComplete: boolean;
  id: string | null;
  blobSizes: [string, number | string][];
  children: string[];
}

/**
 * Stores a pushed manifest and points the tag at it, in one statement (a transaction of
 * its own): the repository's links of the referenced blobs and its child manifests are
 * share-locked and read (lock order as in metadata/blobs.ts: links, then manifests; each
 * sorted, so lockers meet rows in one order); only when all are there, with the blob sizes
 * the descriptors give, are the rows written, as saveManifest writes them. Held until the
 * statement commits, the locks make a concurrent garbage collection or prune wait, and it
 * then sees the new manifest's references. Pushing the same bytes again keeps the first
 * row; concurrent pushes of one image both succeed.
 */
export async function savePushedManifest(db: PrismaClient, manifest: PushedManifest): Promise<PushedManifestOutcome> {
  // In the manifest's order, for the error; sorted in the statement.
  const blobs = [...new Set(manifest.references.filter((reference) => !reference.isManifest).map((reference) => reference.digest))];
  const children = [...new Set(manifest.references.filter((reference) => reference.isManifest).map((reference) => reference.digest))];
  const repositoryId = Prisma.sql`(SELECT "repositoryId" FROM verdict)`;
  const totalSize =
    typeof manifest.totalSize === "number"
      ? Prisma.sql`${manifest.totalSize}::bigint`
      : Prisma.sql`coalesce((SELECT sum(c.size) FROM unnest(${manifest.totalSize.childListings}::text[]) AS l(digest) JOIN children c ON c.digest = l.digest), 0)::bigint`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const [row] = await queryRows<PushRow>(
      db,
      Prisma.sql`
      WITH repository AS (
        SELECT id FROM "Repository" WHERE name = ${manifest.repositoryName}
      ), links AS (
        SELECT rb.digest, b.size FROM "RepositoryBlob" rb JOIN "Blob" b ON b.digest = rb.digest
        WHERE rb."repositoryId" = (SELECT id FROM repository) AND rb.digest = ANY(${[...blobs].sort()}::text[]) ORDER BY rb.digest FOR SHARE OF rb
      ), children AS (
        SELECT digest, "totalSize" AS size FROM "Manifest"
        WHERE "repositoryId" = (SELECT id FROM repository) AND digest = ANY(${[...children].sort()}::text[]) ORDER BY digest FOR SHARE
      ), verdict AS (
        SELECT (SELECT id FROM repository) AS "repositoryId",
          EXISTS (SELECT 1 FROM repository)
          AND (SELECT count(*) FROM links) = ${blobs.length} AND (SELECT count(*) FROM children) = ${children.length}
          AND NOT EXISTS (
            SELECT 1 FROM unnest(${manifest.blobDescriptors.map((descriptor) => descriptor.digest)}::text[], ${manifest.blobDescriptors.map((descriptor) => descriptor.size)}::bigint[]) AS d(digest, size)
            JOIN links l ON l.digest = d.digest WHERE l.size <> d.size
          ) AS "isComplete"
      ), inserted AS (
        INSERT INTO "Manifest" (id, "repositoryId", digest, "mediaType", "artifactType", "subjectDigest", size, content, "totalSize", summary, "pushedBy")
        SELECT ${randomUUID()}::uuid, v."repositoryId", ${manifest.digest}, ${manifest.mediaType}, ${manifest.artifactType},
               ${manifest.subjectDigest}, ${manifest.content.length}, ${manifest.content}, ${totalSize}, ${JSON.stringify(manifest.summary)}::jsonb,
               ${manifest.pushedBy}
        FROM verdict v WHERE v."isComplete"
        ON CONFLICT ("repositoryId", digest) DO NOTHING
        RETURNING id
      ), existing AS (
        SELECT m.id FROM "Manifest" m, verdict v WHERE v."isComplete" AND m."repositoryId" = v."repositoryId" AND m.digest = ${manifest.digest} FOR SHARE OF m
      ), manifest AS (
        SELECT id FROM inserted UNION ALL SELECT id FROM existing
      )${manifestFollowUpsSql(manifest, repositoryId, new Date())}
      SELECT v."repositoryId" IS NOT NULL AS "hasRepository", v."isComplete", (SELECT id::text FROM manifest LIMIT 1) AS id,
        (SELECT coalesce(json_agg(json_build_array(digest, size)), '[]'::json) FROM links) AS "blobSizes",
        (SELECT coalesce(array_agg(digest), '{}'::text[]) FROM children) AS children
      FROM verdict v`,
    );
    if (!row!.hasRepository) return { kind: "no-repository" };
    if (!row!.isComplete) {
      const storedBlobSizes = new Map(row!.blobSizes.map(([digest, size]) => [digest, Number(size)]));
      const found = new Set(row!.children);
      const missing = [...blobs.filter((digest) => !storedBlobSizes.has(digest)), ...children.filter((digest) => !found.has(digest))];
      return { kind: "incomplete", missing, storedBlobSizes };
    }
    // Complete but no row: a prune deleted the existing one meanwhile, or a concurrent
    // push's insert won after this statement's snapshot; a second statement finds or inserts it.
    if (row!.id) return { kind: "stored" };
  }
  throw new Error(`manifest ${manifest.digest} vanished while it was stored`);
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
