/**
 * What an application stores: the bytes of the distinct blobs its repositories (its own
 * and its proxy cache's) link, each counted once however many repositories share it.
 */
import type { PrismaClient } from "@/lib/db/client";

/** Stored bytes of the app's blobs, or of every blob in the store when `appId` is null. */
export async function measureStoredBytes(db: PrismaClient, appId: string | null): Promise<number> {
  const rows = appId
    ? await db.$queryRaw<{ bytes: bigint | null }[]>`
        SELECT sum(b.size) AS bytes FROM "Blob" b
        WHERE EXISTS (SELECT 1 FROM "RepositoryBlob" rb JOIN "Repository" r ON r.id = rb."repositoryId" WHERE r."appId" = ${appId}::uuid AND rb.digest = b.digest)`
    : await db.$queryRaw<{ bytes: bigint | null }[]>`SELECT sum(size) AS bytes FROM "Blob"`;
  return Number(rows[0]?.bytes ?? 0);
}
