/**
 * What a team stores, for its quota: the distinct blobs linked to any repository of its
 * applications (each digest counted once per team, however many repositories share it;
 * the proxy cache's repositories are the team's too) plus the bytes of its uploads in
 * progress (a claimed session's size is stored as -(size + 1): see upload-sessions.ts).
 *
 * Computed on demand from the indexes (App.teamId, Repository.appId, RepositoryBlob's
 * key, UploadSession.repositoryId), in the same statement that finds the team, so an
 * upload request pays one round trip and no counter can drift from the truth.
 */
import { Prisma, type PrismaClient } from "@/lib/db/client";

/** Distinct blob bytes of the team whose id is the SQL expression `teamId`. */
function blobBytesOf(teamId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(sum(b.size), 0) FROM "Blob" b WHERE b.digest IN (
    SELECT rb.digest FROM "RepositoryBlob" rb JOIN "Repository" r ON r.id = rb."repositoryId" JOIN "App" ba ON ba.id = r."appId"
    WHERE ba."teamId" = ${teamId}))`;
}

/** Bytes of the uploads in progress of the team whose id is the SQL expression `teamId`. */
function uploadBytesOf(teamId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(sum(CASE WHEN s.size >= 0 THEN s.size ELSE -s.size - 1 END), 0)
    FROM "UploadSession" s JOIN "Repository" r ON r.id = s."repositoryId" JOIN "App" ua ON ua.id = r."appId"
    WHERE ua."teamId" = ${teamId})`;
}

/**
 * The select list of a TeamStorageRow for the team row aliased `t` (see findAppTeamStorage
 * for `skipUsageUnlessOwnQuota`), for statements that find the team another way.
 */
export function teamStorageColumns(skipUsageUnlessOwnQuota: boolean): Prisma.Sql {
  const skip = skipUsageUnlessOwnQuota;
  return Prisma.sql`t.id::text AS "teamId", t.name AS "teamName", t."storageQuota",
      CASE WHEN ${skip} AND coalesce(t."storageQuota", 0) = 0 THEN 0 ELSE ${blobBytesOf(Prisma.sql`t.id`)} END AS "blobBytes",
      CASE WHEN ${skip} AND coalesce(t."storageQuota", 0) = 0 THEN 0 ELSE ${uploadBytesOf(Prisma.sql`t.id`)} END AS "uploadBytes"`;
}

export interface TeamStorage {
  teamId: string;
  teamName: string;
  /** The team's own quota; null: the default applies. */
  storageQuota: number | null;
  blobBytes: number;
  uploadBytes: number;
}

export interface TeamStorageRow {
  teamId: string;
  teamName: string;
  storageQuota: bigint | null;
  blobBytes: bigint | null;
  uploadBytes: bigint | null;
}

export function toTeamStorage(row: TeamStorageRow): TeamStorage {
  return {
    teamId: row.teamId,
    teamName: row.teamName,
    storageQuota: row.storageQuota === null ? null : Number(row.storageQuota),
    blobBytes: Number(row.blobBytes ?? 0),
    uploadBytes: Number(row.uploadBytes ?? 0),
  };
}

/**
 * The storage of the team owning the application `appSlug`, or null when there is no
 * such application. With `skipUsageUnlessOwnQuota` (the default quota is unlimited) the
 * sums are computed only for a team with a quota of its own.
 */
export async function findAppTeamStorage(db: PrismaClient, appSlug: string, options: { skipUsageUnlessOwnQuota?: boolean } = {}): Promise<TeamStorage | null> {
  const rows = await db.$queryRaw<TeamStorageRow[]>`
    SELECT ${teamStorageColumns(options.skipUsageUnlessOwnQuota === true)}
    FROM "App" a JOIN "Team" t ON t.id = a."teamId" WHERE a.slug = ${appSlug}`;
  return rows[0] ? toTeamStorage(rows[0]) : null;
}

/** The storage of one team (its settings page), or null when there is no such team. */
export async function findTeamStorage(db: PrismaClient, teamId: string): Promise<TeamStorage | null> {
  const rows = await db.$queryRaw<TeamStorageRow[]>`
    SELECT t.id::text AS "teamId", t.name AS "teamName", t."storageQuota",
      ${blobBytesOf(Prisma.sql`t.id`)} AS "blobBytes", ${uploadBytesOf(Prisma.sql`t.id`)} AS "uploadBytes"
    FROM "Team" t WHERE t.id = ${teamId}::uuid`;
  return rows[0] ? toTeamStorage(rows[0]) : null;
}

/** Every team's storage, largest first (the instance administrator's page). */
export async function listTeamStorage(db: PrismaClient): Promise<TeamStorage[]> {
  const rows = await db.$queryRaw<TeamStorageRow[]>`
    SELECT * FROM (
      SELECT t.id::text AS "teamId", t.name AS "teamName", t."storageQuota",
        ${blobBytesOf(Prisma.sql`t.id`)} AS "blobBytes", ${uploadBytesOf(Prisma.sql`t.id`)} AS "uploadBytes"
      FROM "Team" t
    ) teams ORDER BY "blobBytes" + "uploadBytes" DESC, "teamName", "teamId"`;
  return rows.map(toTeamStorage);
}
