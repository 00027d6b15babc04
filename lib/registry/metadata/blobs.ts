/**
 * Which repository may serve which blob (RepositoryBlob) and the Blob rows behind them.
 * Content is stored once per digest; a repository sees a blob only where it was pushed
 * or mounted. Publishing and deleting content happen under the Blob row's lock, so a
 * delete can never remove bytes that a concurrent push has just linked.
 *
 * A link's `referencedAt` is when it was last uploaded, mounted, confirmed to a client
 * (HEAD) or let go by a deleted manifest: the garbage collector (gc/) deletes a link only
 * once it is older than the grace period and no manifest of its repository references it.
 * Lock order everywhere: the Blob row first, then RepositoryBlob rows.
 */
import { Prisma, type PrismaClient } from "@/lib/db/client";
import { queryRows, runInTransaction } from "@/lib/db/sql";
import { isUploadSessionId } from "@/lib/registry/metadata/upload-sessions";
import type { StorageDriver } from "@/lib/registry/storage/driver";

/** Long enough to fsync a multi-gigabyte layer while the row is locked. */
const BLOB_TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;

/** The size of a blob visible in repository `repositoryName`, or null. */
export async function findRepositoryBlob(db: PrismaClient, repositoryName: string, digest: string): Promise<{ size: number } | null> {
  // Every pull and every push asks this per layer: one statement, no ORM relation walk.
  const rows = await queryRows<{ size: bigint }>(
    db,
    Prisma.sql`
    SELECT b.size FROM "RepositoryBlob" rb
    JOIN "Repository" r ON r.id = rb."repositoryId"
    JOIN "Blob" b ON b.digest = rb.digest
    WHERE r.name = ${repositoryName} AND rb.digest = ${digest}`,
  );
  return rows.length ? { size: Number(rows[0]!.size) } : null;
}

/** Links a blob of `fromRepositoryId` into another repository (cross-repository mount); null when the source has no such blob. */
export function mountBlob(db: PrismaClient, fromRepositoryId: string, toRepositoryId: string, digest: string): Promise<{ size: number } | null> {
  return linkHeldBlob(db, fromRepositoryId, toRepositoryId, digest);
}

/**
 * Links a blob the registry already holds into a repository without its bytes passing
 * again (the caller decides the repository may see it); null when there is no Blob row.
 */
export function linkExistingBlob(db: PrismaClient, repositoryId: string, digest: string): Promise<{ size: number } | null> {
  return linkHeldBlob(db, null, repositoryId, digest);
}

/** Links blob `digest` into `toRepositoryId` under a share lock on its row, when it exists (and `fromRepositoryId`, if given, links it). */
async function linkHeldBlob(db: PrismaClient, fromRepositoryId: string | null, toRepositoryId: string, digest: string): Promise<{ size: number } | null> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ size: bigint }[]>`
      SELECT b.size FROM "Blob" b
      WHERE b.digest = ${digest} AND (${fromRepositoryId}::uuid IS NULL OR EXISTS (
        SELECT 1 FROM "RepositoryBlob" rb WHERE rb.digest = b.digest AND rb."repositoryId" = ${fromRepositoryId}::uuid))
      FOR SHARE OF b`;
    if (rows.length === 0) return null;
    await linkBlob(tx, toRepositoryId, digest);
    return { size: Number(rows[0]!.size) };
  });
}

async function linkBlob(tx: Prisma.TransactionClient, repositoryId: string, digest: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "RepositoryBlob" ("repositoryId", digest, "referencedAt") VALUES (${repositoryId}::uuid, ${digest}, ${new Date()})
    ON CONFLICT ("repositoryId", digest) DO UPDATE SET "referencedAt" = EXCLUDED."referencedAt"`;
}

/** A HEAD that answers "present" refreshes the link at most this often, so a client that skips the upload has the whole grace period to push its manifest. */
const TOUCH_AFTER_MS = 60 * 1000;

/**
 * A HEAD's look-up (spec "Checking if content exists": the client will reference the
 * blob): the size of blob `digest` in repository `repositoryName`, or null, marking its
 * link as referenced now when the mark is older than a minute. One statement in the usual
 * cases (absent, fresh, refreshed). The mark's UPDATE waits for a garbage collector holding
 * the link; the answer then follows what the UPDATE found, not the statement's snapshot
 * (taken before the wait): a link the collector deleted meanwhile is not reported. When
 * the snapshot shows an old link the UPDATE did not touch (deleted, or refreshed by a
 * concurrent HEAD), a fresh statement decides.
 */
export async function confirmRepositoryBlob(db: PrismaClient, repositoryName: string, digest: string): Promise<{ size: number } | null> {
  const now = new Date();
  const cutoff = new Date(now.getTime() - TOUCH_AFTER_MS);
  const rows = await queryRows<{ size: bigint; isFresh: boolean; isTouched: boolean }>(
    db,
    Prisma.sql`
    WITH touched AS (
      UPDATE "RepositoryBlob" rb SET "referencedAt" = ${now}
      FROM "Repository" r
      WHERE r.id = rb."repositoryId" AND r.name = ${repositoryName} AND rb.digest = ${digest} AND rb."referencedAt" < ${cutoff}
      RETURNING 1
    )
    SELECT b.size, rb."referencedAt" >= ${cutoff} AS "isFresh", EXISTS (SELECT 1 FROM touched) AS "isTouched"
    FROM "RepositoryBlob" rb
    JOIN "Repository" r ON r.id = rb."repositoryId"
    JOIN "Blob" b ON b.digest = rb.digest
    WHERE r.name = ${repositoryName} AND rb.digest = ${digest}`,
  );
  const row = rows[0];
  if (!row) return null;
  if (row.isFresh || row.isTouched) return { size: Number(row.size) };
  return findRepositoryBlob(db, repositoryName, digest);
}

/**
 * Publishes a verified upload as blob `digest` and links it into the repository, ending
 * the upload session, all in one transaction: one statement upserts the Blob row (locking
 * it first, as the garbage collector does, so a collector cannot remove the content being
 * committed), links it and ends the session; the storage commit follows while the row is
 * held, and nothing is visible until COMMIT.
 */
export async function commitUploadedBlob(
  db: PrismaClient,
  storage: StorageDriver,
  upload: { uploadId: string; repositoryId: string; digest: string; size: number },
): Promise<void> {
  await runInTransaction(
    db,
    async (tx) => {
      // The link reads the Blob row's upsert, so that upsert (and its lock) runs first.
      await tx.execute(Prisma.sql`
        WITH blob AS (
          INSERT INTO "Blob" (digest, size) VALUES (${upload.digest}, ${upload.size})
          ON CONFLICT (digest) DO UPDATE SET size = EXCLUDED.size
          RETURNING digest
        ), link AS (
          INSERT INTO "RepositoryBlob" ("repositoryId", digest, "referencedAt") SELECT ${upload.repositoryId}::uuid, blob.digest, ${new Date()} FROM blob
          ON CONFLICT ("repositoryId", digest) DO UPDATE SET "referencedAt" = EXCLUDED."referencedAt"
          RETURNING 1
        )
        DELETE FROM "UploadSession" WHERE id = ${upload.uploadId}::uuid AND EXISTS (SELECT 1 FROM link)`);
      await storage.commitUpload(upload.uploadId, upload.digest, upload.size);
    },
    { timeout: BLOB_TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
}

/**
 * Completes, in one transaction and without claiming it first, a session whose bytes all
 * arrived and were hashed on the way in (UploadSession.sha256 is `digest`): the usual end
 * of a push, POST, one PATCH, then PUT ?digest= without a body. One statement ends the
 * session, provided no chunk holds it, and upserts the Blob row (its lock taken as in
 * commitUploadedBlob) and the link; the storage commit follows while the row is held.
 * A concurrent chunk's claim waits for the deleted row and then finds the session gone.
 * Null, with nothing changed, when the session is unknown in that repository, busy, or
 * holds bytes whose digest it does not know or that differ: the claiming path then says
 * which. Saves the claim's round trip on every layer of a push.
 */
export async function commitHashedUpload(
  db: PrismaClient,
  storage: StorageDriver,
  upload: { uploadId: string; repositoryName: string; digest: string },
): Promise<{ size: number } | null> {
  if (!isUploadSessionId(upload.uploadId)) return null;
  return runInTransaction(
    db,
    async (tx) => {
      const [row] = await tx.query<{ size: bigint }>(Prisma.sql`
        WITH ended AS (
          DELETE FROM "UploadSession" s USING "Repository" r
          WHERE s.id = ${upload.uploadId}::uuid AND r.id = s."repositoryId" AND r.name = ${upload.repositoryName}
            AND s.size >= 0 AND s.sha256 = ${upload.digest}
          RETURNING s.size, s."repositoryId"
        ), blob AS (
          INSERT INTO "Blob" (digest, size) SELECT ${upload.digest}, size FROM ended
          ON CONFLICT (digest) DO UPDATE SET size = EXCLUDED.size
          RETURNING digest
        ), link AS (
          INSERT INTO "RepositoryBlob" ("repositoryId", digest, "referencedAt") SELECT ended."repositoryId", blob.digest, ${new Date()} FROM ended, blob
          ON CONFLICT ("repositoryId", digest) DO UPDATE SET "referencedAt" = EXCLUDED."referencedAt"
        )
        SELECT size FROM ended`);
      if (!row) return null;
      const size = Number(row.size);
      await storage.commitUpload(upload.uploadId, upload.digest, size);
      return { size };
    },
    { timeout: BLOB_TRANSACTION_TIMEOUT_MS, maxWait: 30_000 },
  );
}

/**
 * Removes a blob from one repository (spec "Deleting Blobs"); the content itself goes
 * when no repository links it any more. Returns false when the repository had no such blob.
 */
export async function unlinkBlob(db: PrismaClient, storage: StorageDriver, repositoryId: string, digest: string): Promise<boolean> {
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT digest FROM "Blob" WHERE digest = ${digest} FOR UPDATE`;
      const removed = await tx.$executeRaw`DELETE FROM "RepositoryBlob" WHERE "repositoryId" = ${repositoryId}::uuid AND digest = ${digest}`;
      if (removed === 0) return false;
      const remaining = await tx.repositoryBlob.count({ where: { digest } });
      if (remaining === 0) {
        await tx.blob.delete({ where: { digest } });
        await storage.deleteBlob(digest);
      }
      return true;
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
