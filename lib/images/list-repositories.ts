/**
 * The repositories of one application with their tag count, stored size and last push.
 * Each figure is one grouped query over the whole application, run side by side, so
 * the cost grows with the application's rows once, not once per repository.
 */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma, Prisma } from "@/lib/db/client";
import { buildContainsPattern } from "./search-pattern";
import type { RepositoryListItem } from "./types";

/** How many matching tag names a search shows per repository. */
export const MATCHED_TAGS_SHOWN = 5;

interface RepositoryRow {
  id: string;
  name: string;
  matched_tags: string[] | null;
}

type Totals = Map<string, { count: number; bytes: number; latest: Date | null }>;

// The pull-through proxy's cache repositories (`proxy/<slug>/...`) belong to the app but are not its images.
function selectRepositories(appId: string, pattern: string | null, prefixLength: number): Promise<RepositoryRow[]> {
  if (!pattern) {
    return prisma.$queryRaw<RepositoryRow[]>`SELECT r.id, r.name, NULL::text[] AS matched_tags FROM "Repository" r WHERE r."appId" = ${appId}::uuid AND r.name NOT LIKE 'proxy/%'`;
  }
  // The path after `<slug>/` is searched, so the slug every name starts with never matches.
  return prisma.$queryRaw<RepositoryRow[]>`
    SELECT r.id, r.name,
      (SELECT array_agg(name) FROM (SELECT t.name FROM "Tag" t WHERE t."repositoryId" = r.id AND t.name ILIKE ${pattern} ESCAPE '\\'
         ORDER BY t."updatedAt" DESC LIMIT ${MATCHED_TAGS_SHOWN}::int) m) AS matched_tags
    FROM "Repository" r
    WHERE r."appId" = ${appId}::uuid AND r.name NOT LIKE 'proxy/%'
      AND (substr(r.name, ${prefixLength + 1}::int) ILIKE ${pattern} ESCAPE '\\'
           OR EXISTS (SELECT 1 FROM "Tag" t WHERE t."repositoryId" = r.id AND t.name ILIKE ${pattern} ESCAPE '\\'))`;
}

async function groupTotals(query: Prisma.Sql): Promise<Totals> {
  const rows = await prisma.$queryRaw<{ id: string; count: number; bytes: bigint | null; latest: Date | null }[]>(query);
  return new Map(rows.map((row) => [row.id, { count: row.count, bytes: Number(row.bytes ?? 0), latest: row.latest ? new Date(row.latest) : null }]));
}

/** Tags per repository and the latest tag move. */
const tagTotals = (appId: string) =>
  groupTotals(Prisma.sql`SELECT t."repositoryId" AS id, count(*)::int AS count, NULL::bigint AS bytes, max(t."updatedAt") AS latest
    FROM "Tag" t JOIN "Repository" r ON r.id = t."repositoryId" WHERE r."appId" = ${appId}::uuid GROUP BY 1`);

/** Manifests per repository, their own bytes and the latest push. */
const manifestTotals = (appId: string) =>
  groupTotals(Prisma.sql`SELECT m."repositoryId" AS id, count(*)::int AS count, sum(m.size)::bigint AS bytes, max(m."createdAt") AS latest
    FROM "Manifest" m JOIN "Repository" r ON r.id = m."repositoryId" WHERE r."appId" = ${appId}::uuid GROUP BY 1`);

/** Bytes of the blobs each repository holds (pushed or mounted), each blob once per repository. */
const blobTotals = (appId: string) =>
  groupTotals(Prisma.sql`SELECT rb."repositoryId" AS id, count(*)::int AS count, sum(b.size)::bigint AS bytes, NULL::timestamp AS latest
    FROM "RepositoryBlob" rb JOIN "Blob" b ON b.digest = rb.digest JOIN "Repository" r ON r.id = rb."repositoryId"
    WHERE r."appId" = ${appId}::uuid GROUP BY 1`);

function latestOf(...dates: (Date | null | undefined)[]): string | null {
  const times = dates.filter((date): date is Date => date instanceof Date).map((date) => date.getTime());
  return times.length > 0 ? new Date(Math.max(...times)).toISOString() : null;
}

/**
 * Lists the application's repositories, most recently pushed first. `storedBytes` is the
 * size of the blobs the repository holds (config and layers pushed or mounted into it,
 * each counted once however many tags share it) plus its manifests' own bytes. With `q`,
 * keeps repositories whose path or any tag name contains it (case-insensitive) and
 * names up to five matching tags.
 */
export async function listRepositories(principal: Pick<Principal, "teamId">, slug: string, options: { q?: string | null } = {}): Promise<RepositoryListItem[]> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const prefixLength = app.slug.length + 1;
  const [repositories, tags, manifests, blobs] = await Promise.all([
    selectRepositories(app.id, buildContainsPattern(options.q), prefixLength),
    tagTotals(app.id),
    manifestTotals(app.id),
    blobTotals(app.id),
  ]);
  const items = repositories.map((row) => ({
    name: row.name,
    path: row.name.slice(prefixLength),
    tagCount: tags.get(row.id)?.count ?? 0,
    manifestCount: manifests.get(row.id)?.count ?? 0,
    storedBytes: (blobs.get(row.id)?.bytes ?? 0) + (manifests.get(row.id)?.bytes ?? 0),
    lastPushedAt: latestOf(tags.get(row.id)?.latest, manifests.get(row.id)?.latest),
    matchedTags: row.matched_tags ?? [],
  }));
  // Newest push first; never-pushed repositories last, by name.
  return items.sort((a, b) => (b.lastPushedAt ?? "").localeCompare(a.lastPushedAt ?? "") || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
