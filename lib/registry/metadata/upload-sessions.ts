/**
 * Upload sessions in Postgres, so any instance can take the next chunk. The row's `size`
 * is the number of bytes that count; the bytes themselves are in the storage driver.
 *
 * One writer at a time: a chunk first claims the session with a compare-and-set that
 * flips `size` to `-(size + 1)` ("busy at offset size"), writes, then releases it with the
 * new size, matching on the claim's `updatedAt`. A concurrent chunk finds the session
 * busy and is refused, so two writers never interleave bytes. A claim whose writer died
 * goes stale after CLAIM_STALE_AFTER_MS without a heartbeat and may be taken over.
 * A writer that has a whole blob to stream (the blob writer's writeBlob) creates its
 * session already claimed, so no other request can ever write into it.
 * The statements that create, claim and release sessions commit without waiting for the
 * WAL flush (sql.ts, WITHOUT_COMMIT_WAIT): a crash may lose their last few hundred
 * milliseconds, which a client meets as an unknown upload and starts the blob again.
 */
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@/lib/db/client";
import { teamStorageColumns, toTeamStorage, type BlobBytesReading, type TeamStorage, type TeamStorageRow } from "@/lib/quotas/team-usage";
import { findHeldUploadIds } from "@/lib/registry/gc/blob-holders";
import { WITHOUT_COMMIT_WAIT, executeSql, queryRows } from "@/lib/db/sql";
import type { StorageDriver } from "@/lib/registry/storage/driver";

export const CLAIM_STALE_AFTER_MS = 2 * 60 * 1000;
const HEARTBEAT_MS = 30 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `id` can name a session at all (a URL may carry anything; the column is a uuid). */
export function isUploadSessionId(id: string): boolean {
  return UUID.test(id);
}

export interface UploadClaim {
  id: string;
  repositoryId: string;
  /** Bytes that counted when the claim was taken: where this writer must start. */
  offset: number;
  /** The sha256 digest of those `offset` bytes, when the session knows it (UploadSession.sha256). */
  sha256: string | null;
  /** Identifies the claim; refreshed by the heartbeat. */
  claimedAt: Date;
  /** Set when another writer took the session over (this claim went stale). */
  isLost: boolean;
}

/** The team's storage read along (lib/quotas/team-usage.ts): `reading`, when given, makes its blob bytes an estimate. */
export interface TeamStorageRequest {
  skipUsageUnlessOwnQuota: boolean;
  reading?: BlobBytesReading | null;
}

export type ClaimResult = { kind: "claimed"; claim: UploadClaim; teamStorage?: TeamStorage | null } | { kind: "busy"; offset: number } | { kind: "unknown" };

function committedSize(size: bigint): number {
  return Number(size >= 0n ? size : -size - 1n);
}

/**
 * Starts a session in the repository named `repositoryName`, or returns null when that
 * repository does not exist yet. The storage area and the row are created side by side;
 * if either fails the other is undone, so a row never points at missing bytes.
 */
export async function createUploadSession(
  db: PrismaClient,
  storage: StorageDriver,
  repositoryName: string,
  openedBy: string | null = null,
): Promise<{ id: string; repositoryId: string } | null> {
  const id = randomUUID();
  const [area, row] = await Promise.allSettled([
    storage.createUpload(id),
    queryRows<{ repositoryId: string }>(
      db,
      Prisma.sql`
        INSERT INTO "UploadSession" (id, "repositoryId", "openedBy", "updatedAt")
        SELECT ${id}::uuid, r.id, ${openedBy}::text, ${new Date()}::timestamp FROM "Repository" r, ${WITHOUT_COMMIT_WAIT} WHERE r.name = ${repositoryName}
        RETURNING "repositoryId"::text AS "repositoryId"`,
    ),
  ]);
  const repositoryId = row.status === "fulfilled" ? row.value[0]?.repositoryId : undefined;
  if (area.status === "fulfilled" && repositoryId) return { id, repositoryId };
  if (repositoryId) await db.uploadSession.deleteMany({ where: { id } });
  if (area.status === "fulfilled") await storage.deleteUpload(id);
  if (area.status === "rejected") throw area.reason;
  if (row.status === "rejected") throw row.reason;
  return null;
}

/**
 * Starts a session in repository `repositoryId` already claimed by the caller at offset 0
 * (the row is written busy, `size = -1`), for writers that stream a whole blob at once
 * (services/blob-writer.ts). Area and row are created side by side, as above.
 */
export async function createClaimedUploadSession(db: PrismaClient, storage: StorageDriver, repositoryId: string, openedBy: string | null = null): Promise<UploadClaim> {
  const id = randomUUID();
  const claimedAt = new Date();
  const [area, row] = await Promise.allSettled([
    storage.createUpload(id),
    executeSql(
      db,
      Prisma.sql`
        INSERT INTO "UploadSession" (id, "repositoryId", size, "openedBy", "updatedAt")
        SELECT ${id}::uuid, ${repositoryId}::uuid, -1, ${openedBy}::text, ${claimedAt}::timestamp FROM ${WITHOUT_COMMIT_WAIT}`,
    ),
  ]);
  if (area.status === "fulfilled" && row.status === "fulfilled") return { id, repositoryId, offset: 0, sha256: null, claimedAt, isLost: false };
  if (row.status === "fulfilled") await db.uploadSession.deleteMany({ where: { id } });
  if (area.status === "fulfilled") await storage.deleteUpload(id);
  throw area.status === "rejected" ? area.reason : (row as PromiseRejectedResult).reason;
}

/**
 * Sessions touched since `touchedSince` that `openedBy` opened (anywhere), and that any
 * caller opened in the application of repository `repositoryId`: the caps on open
 * sessions count these, so sessions left idle that long no longer count. With
 * `teamStorage`, the same statement also reads the storage of the team owning the
 * repository (as claimUploadSession does), so opening a session pays no quota query.
 */
export async function countOpenUploadSessions(
  db: PrismaClient,
  openedBy: string | null,
  repositoryId: string,
  touchedSince: Date,
  options: { teamStorage?: TeamStorageRequest } = {},
): Promise<{ byUser: number; byApp: number; teamStorage?: TeamStorage | null }> {
  const withTeam = options.teamStorage !== undefined;
  const team = withTeam
    ? Prisma.sql`, team.* FROM (SELECT 1) one LEFT JOIN LATERAL (
        SELECT ${teamStorageColumns(options.teamStorage!.skipUsageUnlessOwnQuota, options.teamStorage!.reading ?? null)}
        FROM "Repository" tr JOIN "App" a ON a.id = tr."appId" JOIN "Team" t ON t.id = a."teamId" WHERE tr.id = ${repositoryId}::uuid
      ) team ON true`
    : Prisma.empty;
  const rows = await queryRows<{ byUser: bigint; byApp: bigint } & Partial<TeamStorageRow>>(
    db,
    Prisma.sql`
    SELECT
      (SELECT count(*) FROM "UploadSession" WHERE "openedBy" = ${openedBy} AND "updatedAt" >= ${touchedSince}) AS "byUser",
      (SELECT count(*) FROM "UploadSession" s JOIN "Repository" r ON r.id = s."repositoryId"
        WHERE r."appId" = (SELECT "appId" FROM "Repository" WHERE id = ${repositoryId}::uuid) AND s."updatedAt" >= ${touchedSince}) AS "byApp"${team}`,
  );
  const counts = { byUser: Number(rows[0]?.byUser ?? 0), byApp: Number(rows[0]?.byApp ?? 0) };
  if (!withTeam) return counts;
  return { ...counts, teamStorage: rows[0]?.teamId ? toTeamStorage(rows[0] as TeamStorageRow) : null };
}

/** The committed size of a session of the repository named `repositoryName`, or null when there is none. */
export async function findUploadSession(db: PrismaClient, id: string, repositoryName: string): Promise<{ offset: number } | null> {
  if (!UUID.test(id)) return null;
  const session = await db.uploadSession.findFirst({ where: { id, repository: { name: repositoryName } }, select: { size: true } });
  return session ? { offset: committedSize(session.size) } : null;
}

/**
 * Claims a session of the repository named `repositoryName` for one writer; reports it
 * busy (with its committed size) or unknown otherwise. One statement in the usual case.
 * With `teamStorage`, the same statement also reads the storage of the team owning the
 * repository (lib/quotas/team-usage.ts, `skipUsageUnlessOwnQuota` as given), so a chunk's
 * quota check costs no round trip of its own; null there when the app has no team.
 */
export async function claimUploadSession(
  db: PrismaClient,
  id: string,
  repositoryName: string,
  options: { teamStorage?: TeamStorageRequest } = {},
): Promise<ClaimResult> {
  if (!UUID.test(id)) return { kind: "unknown" };
  const now = new Date();
  const staleBefore = new Date(now.getTime() - CLAIM_STALE_AFTER_MS);
  const withTeam = options.teamStorage !== undefined;
  // The team's sums read the snapshot before the claim; a claim does not change a session's counted bytes.
  const team = withTeam
    ? Prisma.sql`, team.*
      FROM claimed c LEFT JOIN LATERAL (
        SELECT ${teamStorageColumns(options.teamStorage!.skipUsageUnlessOwnQuota, options.teamStorage!.reading ?? null)} FROM "App" a JOIN "Team" t ON t.id = a."teamId" WHERE a.id = c."appId"
      ) team ON true`
    : Prisma.sql` FROM claimed c`;
  const rows = await queryRows<{ size: bigint; sha256: string | null; repositoryId: string } & Partial<TeamStorageRow>>(
    db,
    Prisma.sql`
    WITH claimed AS (
      UPDATE "UploadSession" s SET size = CASE WHEN s.size >= 0 THEN -s.size - 1 ELSE s.size END, "updatedAt" = ${now}
      FROM "Repository" r, ${WITHOUT_COMMIT_WAIT}
      WHERE s.id = ${id}::uuid AND r.id = s."repositoryId" AND r.name = ${repositoryName} AND (s.size >= 0 OR s."updatedAt" < ${staleBefore})
      RETURNING s.size, s.sha256, s."repositoryId", r."appId"
    )
    SELECT c.size, c.sha256, c."repositoryId"::text AS "repositoryId"${team}`,
  );
  const row = rows[0];
  if (row) {
    const claim = { id, repositoryId: row.repositoryId, offset: committedSize(row.size), sha256: row.sha256, claimedAt: now, isLost: false };
    if (!withTeam) return { kind: "claimed", claim };
    return { kind: "claimed", claim, teamStorage: row.teamId ? toTeamStorage(row as TeamStorageRow) : null };
  }
  const session = await findUploadSession(db, id, repositoryName);
  return session ? { kind: "busy", offset: session.offset } : { kind: "unknown" };
}

/**
 * Ends a claim with the session's new committed size and, when the size changed, the
 * sha256 of all `size` bytes (null: not known); the digest and the size it describes are
 * written by one statement, so they always agree. False when the claim was lost or the
 * session is gone.
 */
export async function releaseUploadClaim(db: PrismaClient, claim: UploadClaim, size: number, sha256: string | null = null): Promise<boolean> {
  if (claim.isLost) return false;
  const digest = size === claim.offset ? Prisma.sql`sha256` : Prisma.sql`${sha256}::text`;
  const count = await executeSql(
    db,
    Prisma.sql`
    UPDATE "UploadSession" SET size = ${size}, sha256 = ${digest}, "updatedAt" = ${new Date()}
    FROM ${WITHOUT_COMMIT_WAIT}
    WHERE id = ${claim.id}::uuid AND size = ${-(claim.offset + 1)} AND "updatedAt" = ${claim.claimedAt}`,
  );
  return count === 1;
}

/** Refreshes a claim while a long chunk streams in, so it never looks stale. Stop it before releasing. */
export function keepClaimAlive(db: PrismaClient, claim: UploadClaim): { stop: () => Promise<void> } {
  let pending: Promise<void> = Promise.resolve();
  const beat = async () => {
    const next = new Date();
    const count = await executeSql(
      db,
      Prisma.sql`
      UPDATE "UploadSession" SET "updatedAt" = ${next}
      FROM ${WITHOUT_COMMIT_WAIT}
      WHERE id = ${claim.id}::uuid AND size = ${-(claim.offset + 1)} AND "updatedAt" = ${claim.claimedAt}`,
    );
    if (count === 1) claim.claimedAt = next;
    else claim.isLost = true;
  };
  const timer = setInterval(() => {
    pending = pending.then(beat).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await pending;
    },
  };
}

/** Cancels a session of the repository named `repositoryName` and drops its bytes; false when there is no such session. */
export async function deleteUploadSession(db: PrismaClient, storage: StorageDriver, id: string, repositoryName: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const { count } = await db.uploadSession.deleteMany({ where: { id, repository: { name: repositoryName } } });
  if (count === 0) return false;
  await storage.deleteUpload(id);
  return true;
}

/** Drops a session its writer holds (a failed verification): row and bytes. */
export async function discardUploadSession(db: PrismaClient, storage: StorageDriver, id: string): Promise<void> {
  await db.uploadSession.deleteMany({ where: { id } });
  await storage.deleteUpload(id);
}

/**
 * Removes sessions untouched for `maxAgeMs` (clients that gave up without cancelling) and
 * upload areas with no session (left by a crash between the two steps of a create, or by
 * a process killed mid-write: on S3 that aborts its multipart parts), except areas another
 * table still names (an airgap build's: gc/blob-holders.ts).
 */
export async function purgeAbandonedUploads(db: PrismaClient, storage: StorageDriver, maxAgeMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - maxAgeMs);
  // The sessions deleted here, in one statement, so a session a writer touched meanwhile stays.
  const stale = await db.$queryRaw<{ id: string }[]>`DELETE FROM "UploadSession" WHERE "updatedAt" < ${cutoff} RETURNING id::text AS id`;
  const abandoned = new Set(stale.map((row) => row.id));
  const areas = await storage.listUploads();
  const live = new Set(
    (await db.uploadSession.findMany({ where: { id: { in: areas.filter((area) => UUID.test(area.id)).map((area) => area.id) } }, select: { id: true } })).map(
      (row) => row.id,
    ),
  );
  const held = await findHeldUploadIds(db);
  let removed = 0;
  for (const area of areas) {
    // An abandoned session's area goes with it; an area without any session once it is old enough.
    if (live.has(area.id) || held.has(area.id) || (area.modifiedAt >= cutoff && !abandoned.has(area.id))) continue;
    await storage.deleteUpload(area.id);
    removed += 1;
  }
  return removed;
}
