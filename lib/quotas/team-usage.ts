/**
 * What a team stores, for its quota: the distinct blobs linked to any repository of its
 * applications (each digest counted once per team, however many repositories share it;
 * the proxy cache's repositories are the team's too) plus the bytes of its uploads in
 * progress (a claimed session's size is stored as -(size + 1): see upload-sessions.ts).
 *
 * Computed from the indexes (App.teamId, Repository.appId, RepositoryBlob's key,
 * UploadSession.repositoryId), in the same statement that finds the team, so an upload
 * request pays one round trip and no counter can drift from the truth. The exact sum
 * reads every link of the team (25–42 ms for 50,000 blobs, npm run bench:team-usage), too
 * much for every chunk of an upload, so upload requests may estimate instead: an exact
 * reading taken at most a minute ago plus the bytes of every link created since it (BlobBytesReading). An estimate is
 * never below the truth, so it may admit an upload but never refuse one: a refusal reads
 * the exact sum first (services/upload-limits.ts).
 */
import { Prisma, type PrismaClient } from "@/lib/db/client";
import { queryRows } from "@/lib/db/sql";

/** Distinct blob bytes of the team whose id is the SQL expression `teamId`. */
function blobBytesOf(teamId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(sum(b.size), 0) FROM "Blob" b WHERE b.digest IN (
    SELECT rb.digest FROM "RepositoryBlob" rb JOIN "Repository" r ON r.id = rb."repositoryId" JOIN "App" ba ON ba.id = r."appId"
    WHERE ba."teamId" = ${teamId}))`;
}

/**
 * Bytes of the team's links created at or after `since` (RepositoryBlob.createdAt, an
 * index range), each counted even when an older link of the team has the same digest:
 * added to an exact reading taken when every older link was visible, an upper bound.
 * Each link's size is looked up by its key: joined instead, the planner hashes the whole
 * Blob table for a few hundred links (6.9 against 0.8 ms with 50,000 blobs).
 */
function recentLinkBytesOf(teamId: Prisma.Sql, since: Date): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(sum((SELECT b.size FROM "Blob" b WHERE b.digest = rb.digest)), 0) FROM "RepositoryBlob" rb
    JOIN "Repository" r ON r.id = rb."repositoryId" JOIN "App" ra ON ra.id = r."appId"
    WHERE rb."createdAt" >= ${since}::timestamp AND rb."createdAt" < ${NO_LINK_AFTER}::timestamp AND ra."teamId" = ${teamId})`;
}

/**
 * The upper end of recentLinkBytesOf's range, later than any link. Bounded by parameters
 * on both ends, the range is estimated narrow in the statement's generic plan, which
 * PostgreSQL then keeps; bounded below only, it is estimated at a third of all links and
 * the statement was planned anew for every request (1.16 against 0.50 ms per statement
 * for a team of 1,000 blobs, npm run bench:team-usage).
 */
const NO_LINK_AFTER = new Date("9999-12-31T00:00:00Z");

/**
 * An exact reading of a team's blob bytes whose statement saw every link created before
 * `since` (readLinkHorizon): that reading plus the links created since is an upper bound
 * of the team's blob bytes, for as long as the reading is kept.
 */
export interface BlobBytesReading {
  teamId: string;
  blobBytes: number;
  since: Date;
}

/** Bytes of the uploads in progress of the team whose id is the SQL expression `teamId`. */
function uploadBytesOf(teamId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT coalesce(sum(CASE WHEN s.size >= 0 THEN s.size ELSE -s.size - 1 END), 0)
    FROM "UploadSession" s JOIN "Repository" r ON r.id = s."repositoryId" JOIN "App" ua ON ua.id = r."appId"
    WHERE ua."teamId" = ${teamId})`;
}

/**
 * The select list of a TeamStorageRow for the team row aliased `t` (see findAppTeamStorage
 * for `skipUsageUnlessOwnQuota`), for statements that find the team another way. With a
 * `reading` of that team, its blob bytes are estimated from it (isEstimate).
 */
export function teamStorageColumns(skipUsageUnlessOwnQuota: boolean, reading: BlobBytesReading | null = null): Prisma.Sql {
  const skip = skipUsageUnlessOwnQuota;
  // A reading of another team (the application moved) estimates nothing: "more than any
  // quota" still bounds the truth, so the caller reads exactly. The exact sum is left out
  // of an estimating statement on purpose: its cost kept PostgreSQL planning it anew each time.
  const blobBytes = reading
    ? Prisma.sql`CASE WHEN t.id = ${reading.teamId}::uuid THEN ${reading.blobBytes}::bigint + ${recentLinkBytesOf(Prisma.sql`t.id`, reading.since)} ELSE ${Number.MAX_SAFE_INTEGER}::bigint END`
    : blobBytesOf(Prisma.sql`t.id`);
  const isEstimate = reading ? Prisma.sql`true` : Prisma.sql`false`;
  return Prisma.sql`t.id::text AS "teamId", t.name AS "teamName", t."storageQuota",
      CASE WHEN ${skip} AND coalesce(t."storageQuota", 0) = 0 THEN 0 ELSE ${blobBytes} END AS "blobBytes",
      CASE WHEN ${skip} AND coalesce(t."storageQuota", 0) = 0 THEN 0 ELSE ${uploadBytesOf(Prisma.sql`t.id`)} END AS "uploadBytes",
      ${isEstimate} AS "isEstimate"`;
}

/**
 * A time before which every link is visible to any statement that starts from now on:
 * the start of the oldest transaction open in this database (a link's createdAt is its
 * transaction's start, and it becomes visible when that transaction commits), or now.
 * Read before an exact reading, so that reading plus the links created since this time
 * misses nothing (a second earlier still, for the clock's rounding and steps). Null when some session's transaction cannot be seen (a session of
 * another role, without pg_read_all_stats): no estimate is made then.
 */
export async function readLinkHorizon(db: PrismaClient): Promise<Date | null> {
  const rows = await queryRows<{ horizon: Date | null }>(
    db,
    Prisma.sql`
    SELECT CASE WHEN bool_and(a.xact_start IS NOT NULL OR a.state IS NOT NULL) IS NOT FALSE
      THEN least(statement_timestamp(), min(a.xact_start)) - interval '1 second' END::timestamp AS horizon
    FROM (SELECT 1) one LEFT JOIN pg_stat_activity a ON a.datname = current_database() AND a.backend_type = 'client backend'`,
  );
  return rows[0]?.horizon ?? null;
}

export interface TeamStorage {
  teamId: string;
  teamName: string;
  /** The team's own quota; null: the default applies. */
  storageQuota: number | null;
  blobBytes: number;
  uploadBytes: number;
  /** blobBytes is an estimate from a reading: at or above the exact sum, never below. */
  isEstimate: boolean;
}

export interface TeamStorageRow {
  teamId: string;
  teamName: string;
  storageQuota: bigint | null;
  blobBytes: bigint | null;
  uploadBytes: bigint | null;
  isEstimate?: boolean | null;
}

export function toTeamStorage(row: TeamStorageRow): TeamStorage {
  return {
    teamId: row.teamId,
    teamName: row.teamName,
    storageQuota: row.storageQuota === null ? null : Number(row.storageQuota),
    blobBytes: Number(row.blobBytes ?? 0),
    uploadBytes: Number(row.uploadBytes ?? 0),
    isEstimate: row.isEstimate === true,
  };
}

/**
 * The storage of the team owning the application `appSlug`, or null when there is no
 * such application. With `skipUsageUnlessOwnQuota` (the default quota is unlimited) the
 * sums are computed only for a team with a quota of its own; with a `reading` of that
 * team, its blob bytes are estimated from it.
 */
export async function findAppTeamStorage(
  db: PrismaClient,
  appSlug: string,
  options: { skipUsageUnlessOwnQuota?: boolean; reading?: BlobBytesReading | null } = {},
): Promise<TeamStorage | null> {
  const rows = await db.$queryRaw<TeamStorageRow[]>`
    SELECT ${teamStorageColumns(options.skipUsageUnlessOwnQuota === true, options.reading ?? null)}
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
