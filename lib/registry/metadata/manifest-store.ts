/**
 * Manifests, their references and tags in Postgres. Manifests are small (at most 4 MiB)
 * and kept byte for byte in the row, so GET returns exactly what was pushed.
 */
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@/lib/db/client";
import type { ManifestSummary } from "@/lib/registry/manifests/summarise-manifest";
import { clientRunner, runInTransaction, type SqlRunner } from "@/lib/db/sql";

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

/** The stored sizes of a push's references, read under share locks: blobs by digest, child manifests' totals by digest. */
export interface LockedReferences {
  blobSizes: Map<string, number>;
  childTotals: Map<string, number>;
}

/**
 * A pushed manifest: its size total and summary come from `describe`, which is given the
 * stored sizes of its references once they are share-locked inside the transaction, and
 * may refuse the manifest by throwing (the transaction rolls back).
 */
export type PushedManifest = Omit<NewManifest, "totalSize" | "summary"> & {
  describe: (found: LockedReferences) => Pick<NewManifest, "totalSize" | "summary">;
};

/** Thrown inside savePushedManifest's transaction to roll it back when references went missing. */
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

/**
 * Share-locks the repository's links of the blobs and its child manifests among
 * `references`, in one statement, and reads their stored sizes (a child's total). Held
 * until commit, the locks make a concurrent garbage collection or prune wait, and it then
 * sees the new manifest's references. Lock order as in metadata/blobs.ts: links, then manifests.
 */
async function lockReferences(tx: SqlRunner, repositoryId: string, references: NewManifest["references"]): Promise<LockedReferences & { missing: string[] }> {
  // In the manifest's order, for the error; sorted in the statement, so lockers meet rows in one order.
  const blobs = [...new Set(references.filter((reference) => !reference.isManifest).map((reference) => reference.digest))];
  const children = [...new Set(references.filter((reference) => reference.isManifest).map((reference) => reference.digest))];
  const found: LockedReferences = { blobSizes: new Map(), childTotals: new Map() };
  if (blobs.length + children.length === 0) return { ...found, missing: [] };
  const rows = await tx.query<{ digest: string; size: bigint; isManifest: boolean }>(Prisma.sql`
    WITH links AS (
      SELECT rb.digest, b.size FROM "RepositoryBlob" rb JOIN "Blob" b ON b.digest = rb.digest
      WHERE rb."repositoryId" = ${repositoryId}::uuid AND rb.digest = ANY(${[...blobs].sort()}::text[]) ORDER BY rb.digest FOR SHARE OF rb
    ), children AS (
      SELECT digest, "totalSize" AS size FROM "Manifest"
      WHERE "repositoryId" = ${repositoryId}::uuid AND digest = ANY(${[...children].sort()}::text[]) ORDER BY digest FOR SHARE
    )
    SELECT digest, size, false AS "isManifest" FROM links UNION ALL SELECT digest, size, true AS "isManifest" FROM children`);
  for (const row of rows) (row.isManifest ? found.childTotals : found.blobSizes).set(row.digest, Number(row.size));
  const missing = [...blobs.filter((digest) => !found.blobSizes.has(digest)), ...children.filter((digest) => !found.childTotals.has(digest))];
  return { ...found, missing };
}

/**
 * Writes the manifest row unless present (idempotently: the first row stays), its
 * references, the tag and the repository's push time in one statement, and returns the
 * manifest's id. An existing row is share-locked, so a concurrent prune cannot delete it
 * under the new tag; a prune that deleted it just now leaves no row, and one retry inserts.
 */
async function writeManifestRows(tx: SqlRunner, manifest: NewManifest): Promise<string> {
  const now = new Date();
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
        SELECT ${randomUUID()}::uuid, ${manifest.repositoryId}::uuid, ${manifest.tag}::text, m.id, ${manifest.pushedBy}::text, ${now}::timestamp FROM manifest m
        ON CONFLICT ("repositoryId", name) DO UPDATE
        SET "manifestId" = EXCLUDED."manifestId", "pushedBy" = EXCLUDED."pushedBy", "updatedAt" = EXCLUDED."updatedAt"
      )`
      : Prisma.empty;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    // `existing` reads the statement's snapshot, so at most one of the two finds the row.
    const rows = await tx.query<{ id: string }>(Prisma.sql`
      WITH inserted AS (
        INSERT INTO "Manifest" (id, "repositoryId", digest, "mediaType", "artifactType", "subjectDigest", size, content, "totalSize", summary, "pushedBy")
        VALUES (${randomUUID()}::uuid, ${manifest.repositoryId}::uuid, ${manifest.digest}, ${manifest.mediaType}, ${manifest.artifactType},
                ${manifest.subjectDigest}, ${manifest.content.length}, ${manifest.content}, ${manifest.totalSize}, ${JSON.stringify(manifest.summary)}::jsonb,
                ${manifest.pushedBy})
        ON CONFLICT ("repositoryId", digest) DO NOTHING
        RETURNING id
      ), existing AS (
        SELECT id FROM "Manifest" WHERE "repositoryId" = ${manifest.repositoryId}::uuid AND digest = ${manifest.digest} FOR SHARE
      ), manifest AS (
        SELECT id FROM inserted UNION ALL SELECT id FROM existing
      )${references}${tag}, touched AS (
        UPDATE "Repository" SET "updatedAt" = ${now} WHERE id = ${manifest.repositoryId}::uuid AND EXISTS (SELECT 1 FROM manifest)
      )
      SELECT id::text AS id FROM manifest`);
    if (rows[0]) return rows[0].id;
  }
  throw new Error(`manifest ${manifest.digest} vanished while it was stored`);
}

/**
 * Stores a manifest without checking its references (the proxy's cache, which stores
 * manifests before fetching their blobs) and points the tag at it, in one statement.
 */
export async function saveManifest(db: PrismaClient, manifest: NewManifest): Promise<void> {
  await writeManifestRows(clientRunner(db), manifest);
}

/**
 * Stores a pushed manifest and points the tag at it, in one transaction of two statements:
 * its references are share-locked and read (a garbage collection then keeps them), checked
 * and described by `describe`, and the rows written. Pushing the same bytes again keeps
 * the first row; concurrent pushes of one image both succeed. Resolves with the references
 * the repository lacks (nothing is stored then).
 */
export async function savePushedManifest(db: PrismaClient, manifest: PushedManifest): Promise<{ missing: string[] }> {
  try {
    await runInTransaction(
      db,
      async (tx) => {
        const { missing, ...found } = await lockReferences(tx, manifest.repositoryId, manifest.references);
        if (missing.length > 0) throw new MissingReferences(missing);
        const { describe, ...rows } = manifest;
        await writeManifestRows(tx, { ...rows, ...describe(found) });
      },
      { timeout: 15_000, maxWait: 10_000 },
    );
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
