/**
 * Repository rows. A repository is `<app slug>/<path>` and belongs to the application
 * its first segment names; it is created by the first push, never by a pull.
 */
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@/lib/db/client";
import { RegistryError } from "@/lib/registry/errors";
import { queryRows } from "@/lib/db/sql";
import { repositoryAppSlug } from "@/lib/registry/names";

export interface RepositoryRef {
  id: string;
  appId: string;
  name: string;
}

/** The repository named `name`, or null (asked on every push's POST and manifest PUT: one prepared statement, no ORM). */
export async function findRepository(db: PrismaClient, name: string): Promise<RepositoryRef | null> {
  const rows = await queryRows<RepositoryRef>(db, Prisma.sql`SELECT id::text AS id, "appId"::text AS "appId", name FROM "Repository" WHERE name = ${name}`);
  return rows[0] ?? null;
}

/** The repository named `name`, or NAME_UNKNOWN. */
export async function findRepositoryOrThrow(db: PrismaClient, name: string): Promise<RepositoryRef> {
  const repository = await findRepository(db, name);
  if (!repository) throw new RegistryError("NAME_UNKNOWN", `repository ${name} is not known to the registry`, { name });
  return repository;
}

/**
 * The repository named `name`, created on first push. Concurrent first pushes race on the
 * unique name; the insert ignores the loser's conflict and both read the same row.
 */
export async function ensureRepository(db: PrismaClient, name: string): Promise<RepositoryRef> {
  const existing = await findRepository(db, name);
  if (existing) return existing;
  await db.$executeRaw`
    INSERT INTO "Repository" (id, "appId", name)
    SELECT ${randomUUID()}::uuid, a.id, ${name} FROM "App" a WHERE a.slug = ${repositoryAppSlug(name)}
    ON CONFLICT (name) DO NOTHING`;
  return findRepositoryOrThrow(db, name);
}

/** Marks a repository as just pushed to (the images pages sort by it). */
export async function touchRepository(db: PrismaClient, id: string): Promise<void> {
  await db.repository.update({ where: { id }, data: { updatedAt: new Date() } });
}

/**
 * One page of repository names in the given applications, in byte order (the spec's
 * "ASCIIbetical"), after `last` when given. A repository shows once it holds a manifest;
 * an upload that was started and abandoned does not make one appear. The proxy's cache
 * (`proxy/<slug>/...`) is not a repository anyone pushed, so it is not listed.
 */
export async function listRepositoryNames(
  db: PrismaClient,
  appSlugs: readonly string[],
  page: { limit: number | null; last: string | null },
): Promise<string[]> {
  if (appSlugs.length === 0 || page.limit === 0) return [];
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT r.name FROM "Repository" r JOIN "App" a ON a.id = r."appId"
    WHERE a.slug = ANY(${[...appSlugs]}::text[]) AND (${page.last}::text IS NULL OR r.name COLLATE "C" > ${page.last}::text)
      AND EXISTS (SELECT 1 FROM "Manifest" m WHERE m."repositoryId" = r.id)
      AND r.name NOT LIKE 'proxy/%'
    ORDER BY r.name COLLATE "C"
    LIMIT ${page.limit ?? null}::bigint`;
  return rows.map((row) => row.name);
}
