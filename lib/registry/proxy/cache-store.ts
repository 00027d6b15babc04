/**
 * The proxy cache's rows. A proxied repository is an ordinary Repository of the
 * application named like its proxy path, so its manifests (Manifest), its blobs
 * (RepositoryBlob, written by the blob writer) and its size count for the application
 * and go with it; ProxyRepository says which external registry it came from, and
 * ProxyTag remembers what each tag pointed at upstream and when that was confirmed.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import { saveManifest, type StoredManifest } from "@/lib/registry/metadata/manifest-store";
import type { PreparedManifest } from "@/lib/registry/manifests/prepare-manifest";
import { summariseManifest } from "@/lib/registry/manifests/summarise-manifest";

/** What a manifest answer needs: the exact bytes, their digest and type. */
export type ServedManifest = Pick<StoredManifest, "digest" | "mediaType" | "size" | "content">;

/** Who the cache's rows name as their pusher. */
const PROXY_PUSHER = "pull-through proxy";

/** The cache repository for `name` in the app, created on first use and pointed at the registry it comes from. */
export async function ensureProxyRepository(db: PrismaClient, input: { appId: string; name: string; registryId: string; upstreamRepository: string }): Promise<{ id: string }> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH created AS (
      INSERT INTO "Repository" (id, "appId", name) VALUES (${randomUUID()}::uuid, ${input.appId}::uuid, ${input.name})
      ON CONFLICT (name) DO NOTHING
      RETURNING id
    )
    SELECT id::text AS id FROM created
    UNION ALL
    SELECT id::text AS id FROM "Repository" WHERE name = ${input.name} AND "appId" = ${input.appId}::uuid`;
  const id = rows[0]?.id;
  if (!id) throw new Error(`the proxy cache repository ${input.name} belongs to another application`);
  await db.$executeRaw`
    INSERT INTO "ProxyRepository" ("repositoryId", "registryId", "upstreamRepository") VALUES (${id}::uuid, ${input.registryId}::uuid, ${input.upstreamRepository})
    ON CONFLICT ("repositoryId") DO UPDATE SET "registryId" = EXCLUDED."registryId"
    WHERE "ProxyRepository"."registryId" IS DISTINCT FROM EXCLUDED."registryId"`;
  return { id };
}

/** What a tag pointed at upstream when last confirmed, or null when it was never resolved. */
export function findProxyTag(db: PrismaClient, repositoryId: string, tag: string): Promise<{ digest: string; checkedAt: Date } | null> {
  return db.proxyTag.findUnique({ where: { repositoryId_name: { repositoryId, name: tag } }, select: { digest: true, checkedAt: true } });
}

/** Records that the tag points at `digest` upstream, as of now. */
export async function saveProxyTag(db: PrismaClient, repositoryId: string, tag: string, digest: string): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "ProxyTag" ("repositoryId", name, digest, "checkedAt") VALUES (${repositoryId}::uuid, ${tag}, ${digest}, ${new Date()})
    ON CONFLICT ("repositoryId", name) DO UPDATE SET digest = EXCLUDED.digest, "checkedAt" = EXCLUDED."checkedAt"`;
}

/** Stores a manifest fetched upstream (validated by prepareManifest) in the cache repository; the tag is kept apart (saveProxyTag). */
export async function saveProxyManifest(db: PrismaClient, repositoryId: string, prepared: PreparedManifest): Promise<ServedManifest> {
  const { manifest, body, digest } = prepared;
  // Children are fetched on demand, so an index's total is what its descriptors announce.
  const childTotals = new Map(manifest.manifests.map((child) => [child.digest, child.size]));
  const { summary, totalSize } = summariseManifest(manifest, { config: null, childTotals });
  await saveManifest(db, {
    repositoryId,
    digest,
    mediaType: manifest.mediaType,
    artifactType: manifest.artifactType,
    subjectDigest: manifest.subject?.digest ?? null,
    content: body,
    totalSize,
    summary,
    pushedBy: PROXY_PUSHER,
    references: prepared.references,
    tag: null,
  });
  return { digest, mediaType: manifest.mediaType, size: body.length, content: body };
}
