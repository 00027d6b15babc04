/**
 * One page of a repository's tags, newest first, by keyset on (updatedAt, id) so page
 * 50 costs what page 1 costs (the `Tag(repositoryId, updatedAt)` index serves it).
 * Rows carry the manifest's summary, never its bytes, except for the few manifests the
 * summary cannot describe (see describe-stored-manifest).
 */
import type { Principal } from "@/lib/auth/principal";
import { prisma, Prisma } from "@/lib/db/client";
import { describeStoredManifest, needsContentToDescribe } from "./describe-stored-manifest";
import { getRepositoryForPrincipalOrThrow } from "./get-repository";
import { buildContainsPattern } from "./search-pattern";
import { decodeTagCursor, encodeTagCursor, type TagCursor } from "./tag-cursor";
import type { TagListItem, TagPage } from "./types";

export const DEFAULT_TAG_PAGE_SIZE = 50;
export const MAX_TAG_PAGE_SIZE = 200;

export interface ListTagsOptions {
  limit?: number;
  cursor?: string | null;
  q?: string | null;
}

interface TagRow {
  id: string;
  name: string;
  updatedAt: Date;
  pushedBy: string | null;
  manifestId: string;
  digest: string;
  mediaType: string;
  artifactType: string | null;
  totalSize: bigint;
  summary: unknown;
  manifestPushedBy: string | null;
}

function selectPage(repositoryId: string, pattern: string | null, after: TagCursor | null, limit: number): Promise<TagRow[]> {
  const search = pattern ? Prisma.sql`AND t.name ILIKE ${pattern} ESCAPE '\\'` : Prisma.empty;
  // The plain bound on updatedAt lets the index range scan start at the cursor; the row comparison breaks ties.
  const keyset = after
    ? Prisma.sql`AND t."updatedAt" <= ${after.updatedAt} AND (t."updatedAt", t.id) < (${after.updatedAt}, ${after.id}::uuid)`
    : Prisma.empty;
  return prisma.$queryRaw<TagRow[]>`
    SELECT t.id, t.name, t."updatedAt", t."pushedBy", m.id AS "manifestId", m.digest, m."mediaType", m."artifactType",
           m."totalSize", m.summary, m."pushedBy" AS "manifestPushedBy"
    FROM "Tag" t JOIN "Manifest" m ON m.id = t."manifestId"
    WHERE t."repositoryId" = ${repositoryId}::uuid ${search} ${keyset}
    ORDER BY t."updatedAt" DESC, t.id DESC
    LIMIT ${limit}::int`;
}

async function countTags(repositoryId: string, pattern: string | null): Promise<number> {
  const search = pattern ? Prisma.sql`AND name ILIKE ${pattern} ESCAPE '\\'` : Prisma.empty;
  const [row] = await prisma.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM "Tag" WHERE "repositoryId" = ${repositoryId}::uuid ${search}`;
  return row?.count ?? 0;
}

/** Reads the bytes of only those manifests whose summary cannot say what they are. */
async function loadContentWhereNeeded(rows: TagRow[]): Promise<Map<string, Uint8Array>> {
  const ids = [...new Set(rows.filter((row) => needsContentToDescribe(row)).map((row) => row.manifestId))];
  if (ids.length === 0) return new Map();
  const manifests = await prisma.manifest.findMany({ where: { id: { in: ids } }, select: { id: true, content: true } });
  return new Map(manifests.map((manifest) => [manifest.id, manifest.content]));
}

function toListItem(row: TagRow, content: Uint8Array | undefined): TagListItem {
  return {
    id: row.id,
    name: row.name,
    digest: row.digest,
    mediaType: row.mediaType,
    size: Number(row.totalSize),
    pushedAt: new Date(row.updatedAt).toISOString(),
    pushedBy: row.pushedBy ?? row.manifestPushedBy,
    ...describeStoredManifest({ mediaType: row.mediaType, artifactType: row.artifactType, summary: row.summary, content }),
  };
}

/**
 * Lists tags of `<slug>/<repo>` newest first: `limit` (1–200, default 50) after `cursor`,
 * filtered by a case-insensitive `q` on the tag name. `not_found` for another team's repository.
 */
export async function listTags(principal: Pick<Principal, "teamId">, slug: string, repo: string, options: ListTagsOptions = {}): Promise<TagPage> {
  const repository = await getRepositoryForPrincipalOrThrow(principal, slug, repo);
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_TAG_PAGE_SIZE), 1), MAX_TAG_PAGE_SIZE);
  const after = options.cursor ? decodeTagCursor(options.cursor) : null;
  const pattern = buildContainsPattern(options.q);
  const [rows, total] = await Promise.all([selectPage(repository.id, pattern, after, limit + 1), countTags(repository.id, pattern)]);
  const page = rows.slice(0, limit);
  const contents = await loadContentWhereNeeded(page);
  const last = page[page.length - 1];
  return {
    tags: page.map((row) => toListItem(row, contents.get(row.manifestId))),
    nextCursor: rows.length > limit && last ? encodeTagCursor({ updatedAt: new Date(last.updatedAt), id: last.id }) : null,
    total,
  };
}
