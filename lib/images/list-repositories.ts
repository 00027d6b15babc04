/**
 * The repositories of one application with their tag count, stored size and last push,
 * in one query. A search matches repository paths and tag names.
 */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma, Prisma } from "@/lib/db/client";
import { buildContainsPattern } from "./search-pattern";
import type { RepositoryListItem } from "./types";

/** How many matching tag names a search shows per repository. */
export const MATCHED_TAGS_SHOWN = 5;

interface RepositoryRow {
  name: string;
  tag_count: number;
  manifest_count: number;
  stored_bytes: bigint | null;
  last_pushed_at: Date | null;
  matched_tags: string[] | null;
}

/**
 * Lists the application's repositories, most recently pushed first. `storedBytes` counts
 * each config or layer blob once per repository (layers shared by tags are stored once)
 * plus the manifests' own bytes. With `q`, keeps repositories whose path or any tag name
 * contains it (case-insensitive) and names up to five matching tags.
 */
export async function listRepositories(principal: Pick<Principal, "teamId">, slug: string, options: { q?: string | null } = {}): Promise<RepositoryListItem[]> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const pattern = buildContainsPattern(options.q);
  const prefixLength = app.slug.length + 1;
  const search = pattern
    ? Prisma.sql`AND (substr(r.name, ${prefixLength + 1}::int) ILIKE ${pattern} ESCAPE '\\'
        OR EXISTS (SELECT 1 FROM "Tag" t WHERE t."repositoryId" = r.id AND t.name ILIKE ${pattern} ESCAPE '\\'))`
    : Prisma.empty;
  const matched = pattern
    ? Prisma.sql`(SELECT array_agg(name) FROM (SELECT t.name FROM "Tag" t WHERE t."repositoryId" = r.id AND t.name ILIKE ${pattern} ESCAPE '\\'
        ORDER BY t."updatedAt" DESC LIMIT ${MATCHED_TAGS_SHOWN}::int) m)`
    : Prisma.sql`NULL::text[]`;
  const rows = await prisma.$queryRaw<RepositoryRow[]>`
    SELECT r.name,
      (SELECT count(*)::int FROM "Tag" t WHERE t."repositoryId" = r.id) AS tag_count,
      (SELECT count(*)::int FROM "Manifest" m WHERE m."repositoryId" = r.id) AS manifest_count,
      (SELECT coalesce(sum(b.size), 0) FROM "Blob" b WHERE b.digest IN (
          SELECT mr.digest FROM "ManifestReference" mr JOIN "Manifest" m ON m.id = mr."manifestId"
          WHERE m."repositoryId" = r.id AND NOT mr."isManifest"))
        + (SELECT coalesce(sum(m.size), 0) FROM "Manifest" m WHERE m."repositoryId" = r.id) AS stored_bytes,
      GREATEST((SELECT max(t."updatedAt") FROM "Tag" t WHERE t."repositoryId" = r.id),
               (SELECT max(m."createdAt") FROM "Manifest" m WHERE m."repositoryId" = r.id)) AS last_pushed_at,
      ${matched} AS matched_tags
    FROM "Repository" r
    WHERE r."appId" = ${app.id}::uuid ${search}
    ORDER BY last_pushed_at DESC NULLS LAST, r.name COLLATE "C"`;
  return rows.map((row) => ({
    name: row.name,
    path: row.name.slice(prefixLength),
    tagCount: row.tag_count,
    manifestCount: row.manifest_count,
    storedBytes: Number(row.stored_bytes ?? 0),
    lastPushedAt: row.last_pushed_at ? new Date(row.last_pushed_at).toISOString() : null,
    matchedTags: row.matched_tags ?? [],
  }));
}
