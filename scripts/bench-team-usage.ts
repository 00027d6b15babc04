/**
 * Team storage benchmark (not a test): what the quota check of an upload request costs in
 * PostgreSQL as a team's blobs grow. For teams of 1,000, 10,000 and 50,000 linked blobs,
 * it times the statement a POST sends (the open-session counts with the team's storage:
 * lib/registry/metadata/upload-sessions.ts) summing the team's blobs exactly, and
 * estimating them from a reading (lib/quotas/team-usage.ts) with 10 links created since
 * that reading (an image pushed meanwhile) and with 300 (a busy minute of pushes).
 * Median of `--runs` (default 30) statements each, after five unmeasured ones (the plan
 * is then cached).
 *
 *   npm run bench:team-usage -- [--runs N]
 *
 * With no DATABASE_URL a temporary embedded PostgreSQL is started and removed afterwards;
 * the benchmark's teams (and every row they own) are deleted at the end. Loopback only.
 */
import { randomUUID } from "node:crypto";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { readLinkHorizon, type BlobBytesReading } from "@/lib/quotas/team-usage";
import { countOpenUploadSessions } from "@/lib/registry/metadata/upload-sessions";
import { openBenchDatabase } from "./lib/bench-database";
import { readWholeNumberOption, reportBenchFailure } from "./lib/bench-options";
import { median } from "./lib/median";

const TEAM_SIZES = [1_000, 10_000, 50_000];
/** Links created after the reading, for the two estimates: a total of 10, then of 300. */
const RECENT_LINKS = [10, 300];
const REPOSITORIES_PER_TEAM = 50;
const BLOB_BYTES = 4 * 1024 * 1024;

interface BenchTeam {
  teamId: string;
  repositoryId: string;
  links: number;
}

/** A team with one application, REPOSITORIES_PER_TEAM repositories and `links` blobs spread over them, linked a day ago. */
async function seedTeam(db: PrismaClient, links: number): Promise<BenchTeam> {
  const teamId = randomUUID();
  const appId = randomUUID();
  const slug = `bench-usage-${teamId.slice(0, 8)}`;
  await db.$executeRaw`INSERT INTO "Team" (id, name) VALUES (${teamId}::uuid, ${slug})`;
  await db.$executeRaw`INSERT INTO "App" (id, "teamId", name, slug) VALUES (${appId}::uuid, ${teamId}::uuid, ${slug}, ${slug})`;
  await db.$executeRaw`
    INSERT INTO "Repository" (id, "appId", name)
    SELECT gen_random_uuid(), ${appId}::uuid, ${slug} || '/r' || g FROM generate_series(1, ${REPOSITORIES_PER_TEAM}::int) g`;
  await db.$executeRaw`
    INSERT INTO "Blob" (digest, size)
    SELECT 'sha256:' || encode(sha256((${teamId} || g)::bytea), 'hex'), ${BLOB_BYTES}::bigint FROM generate_series(1, ${links}::int) g`;
  await db.$executeRaw`
    INSERT INTO "RepositoryBlob" ("repositoryId", digest, "createdAt")
    SELECT r.id, 'sha256:' || encode(sha256((${teamId} || g)::bytea), 'hex'), now() - interval '1 day'
    FROM generate_series(1, ${links}::int) g
    JOIN LATERAL (SELECT id FROM "Repository" WHERE "appId" = ${appId}::uuid ORDER BY name OFFSET g % ${REPOSITORIES_PER_TEAM}::int LIMIT 1) r ON true`;
  const [repository] = await db.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM "Repository" WHERE "appId" = ${appId}::uuid LIMIT 1`;
  return { teamId, repositoryId: repository!.id, links };
}

/** Blobs number `from` to `to` of the recent ones, linked into the team now, as pushes after a reading leave them. */
async function linkRecently(db: PrismaClient, team: BenchTeam, from: number, to: number): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Blob" (digest, size)
    SELECT 'sha256:' || encode(sha256(('recent' || ${team.teamId} || g)::bytea), 'hex'), ${BLOB_BYTES}::bigint FROM generate_series(${from}::int, ${to}::int) g`;
  await db.$executeRaw`
    INSERT INTO "RepositoryBlob" ("repositoryId", digest)
    SELECT ${team.repositoryId}::uuid, 'sha256:' || encode(sha256(('recent' || ${team.teamId} || g)::bytea), 'hex') FROM generate_series(${from}::int, ${to}::int) g`;
}

/** Median milliseconds of the POST's statement, exactly (reading null) or from a reading. */
async function timeStatement(db: PrismaClient, team: BenchTeam, reading: BlobBytesReading | null, runs: number): Promise<{ ms: number; blobBytes: number }> {
  const since = new Date(Date.now() - 60 * 60 * 1000);
  const teamStorage = { skipUsageUnlessOwnQuota: false, reading };
  let blobBytes = 0;
  const times: number[] = [];
  for (let run = 0; run < runs + 5; run += 1) {
    const started = process.hrtime.bigint();
    const result = await countOpenUploadSessions(db, "bench", team.repositoryId, since, { teamStorage });
    if (run >= 5) times.push(Number(process.hrtime.bigint() - started) / 1e6);
    blobBytes = result.teamStorage!.blobBytes;
  }
  return { ms: median(times), blobBytes };
}

async function main(): Promise<void> {
  const runs = readWholeNumberOption(process.argv, "--runs", 30, 1000);
  const database = await openBenchDatabase();
  const db = createPrismaClient(database.url);
  const teams: BenchTeam[] = [];
  try {
    console.log(`team storage in the quota check of an upload request (the POST's statement), median of ${runs}`);
    console.log(`${"linked blobs".padEnd(14)}${"exact sum".padEnd(12)}${RECENT_LINKS.map((recent) => `estimate, ${recent} links since`.padEnd(30)).join("")}`);
    for (const links of TEAM_SIZES) {
      const team = await seedTeam(db, links);
      teams.push(team);
      await db.$executeRawUnsafe(`ANALYZE "Blob", "RepositoryBlob", "Repository", "App"`);
      const since = (await readLinkHorizon(db))!;
      const reading = { teamId: team.teamId, blobBytes: (await timeStatement(db, team, null, 1)).blobBytes, since };
      const estimates: number[] = [];
      let linked = 0;
      for (const recent of RECENT_LINKS) {
        await linkRecently(db, team, linked + 1, recent);
        linked = recent;
        const estimate = await timeStatement(db, team, reading, runs);
        const exact = await timeStatement(db, team, null, 1);
        if (estimate.blobBytes < exact.blobBytes) throw new Error(`the estimate (${estimate.blobBytes}) is below the exact sum (${exact.blobBytes})`);
        estimates.push(estimate.ms);
      }
      const exact = await timeStatement(db, team, null, runs);
      const cells = estimates.map((ms) => `${ms.toFixed(2)} ms (${(exact.ms / ms).toFixed(1)}x faster)`.padEnd(30));
      console.log(`${links.toLocaleString("en-US").padEnd(14)}${`${exact.ms.toFixed(2)} ms`.padEnd(12)}${cells.join("")}`);
    }
  } finally {
    for (const team of teams) {
      await db.$executeRaw`DELETE FROM "Team" WHERE id = ${team.teamId}::uuid`;
      // Only the blobs this benchmark made: a DATABASE_URL may be a registry's own.
      await db.$executeRaw`
        DELETE FROM "Blob" WHERE digest IN (
          SELECT 'sha256:' || encode(sha256((${team.teamId} || g)::bytea), 'hex') FROM generate_series(1, ${team.links}::int) g
          UNION ALL SELECT 'sha256:' || encode(sha256(('recent' || ${team.teamId} || g)::bytea), 'hex') FROM generate_series(1, ${RECENT_LINKS.at(-1)!}::int) g)`;
    }
    await db.$disconnect();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  reportBenchFailure(error);
  process.exitCode = 1;
});
