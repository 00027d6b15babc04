/**
 * Online garbage collection: mark and sweep while the registry serves pushes, with
 * PostgreSQL as the arbiter, so a blob a concurrent push references can never be deleted.
 *
 * Mark: a link (RepositoryBlob: repository R may serve blob D) is a candidate when no
 * manifest of R references D and its `referencedAt` (last upload, mount, HEAD, or the
 * deletion of the last manifest that referenced it) is older than the grace period.
 * Untagged manifests are candidates too when the app's policy prunes them (older than the
 * grace, no tag, no index of the repository lists them, no subject present; proxy cache
 * repositories are never pruned: their tags live upstream).
 *
 * Sweep, one transaction per candidate, locks taken in the registry's order (Blob row,
 * then the link): lock both FOR UPDATE, then a *new statement* re-checks the candidate
 * and deletes the link. A manifest push share-locks the links it references inside its
 * own transaction (metadata/manifest-store.ts), so either
 *   - the push locked first: the sweep waits for its commit, its re-check sees the new
 *     references (READ COMMITTED takes a fresh snapshot per statement) and keeps the blob; or
 *   - the sweep locked first: the push waits, finds the link gone under its lock and
 *     answers MANIFEST_BLOB_UNKNOWN, so no manifest ever points at deleted content.
 * A HEAD that answers "present" refreshes the mark (metadata/blobs.ts), so a client that
 * skipped an upload has the whole grace period to push its manifest. When D's last link
 * goes and nothing else holds it (an airgap bundle: gc/blob-holders.ts), the Blob row and
 * the stored content are deleted under the same lock, as unlinkBlob does.
 */
import type { Prisma, PrismaClient } from "@/lib/db/client";
import { findBlobHolders, type BlobHolder } from "@/lib/registry/gc/blob-holders";
import { measureStoredBytes } from "@/lib/registry/gc/stored-bytes";
import type { StorageDriver } from "@/lib/registry/storage/driver";

export interface GcDeps {
  prisma: PrismaClient;
  storage: StorageDriver;
}

export interface GcOptions {
  /** One application's repositories, or null for the whole installation (which also clears orphans). */
  appId: string | null;
  /** Report what would be deleted without deleting it. */
  dryRun: boolean;
  /** REGISTRY_GC_GRACE in milliseconds. */
  graceMs: number;
}

export interface GcResult {
  blobsDeleted: number;
  bytesDeleted: number;
  manifestsDeleted: number;
  /** Links removed from repositories (a blob other applications still use stays stored). */
  linksDeleted: number;
  dryRun: boolean;
  /** Stored bytes of the app (or the installation) before and after. */
  bytesBefore: number;
  bytesAfter: number;
}

/** Index, then its children: pruning an untagged index can leave its children unreferenced. */
const MAX_PRUNE_PASSES = 4;
const SWEEP_TRANSACTION = { timeout: 60_000, maxWait: 30_000 } as const;

interface LinkCandidate {
  repositoryId: string;
  digest: string;
  size: bigint;
}

function listLinkCandidates(db: PrismaClient, appId: string | null, cutoff: Date): Promise<LinkCandidate[]> {
  return db.$queryRaw<LinkCandidate[]>`
    SELECT rb."repositoryId"::text AS "repositoryId", rb.digest, b.size
    FROM "RepositoryBlob" rb
    JOIN "Repository" r ON r.id = rb."repositoryId"
    JOIN "Blob" b ON b.digest = rb.digest
    WHERE (${appId}::uuid IS NULL OR r."appId" = ${appId}::uuid)
      AND rb."referencedAt" < ${cutoff}
      AND NOT EXISTS (
        SELECT 1 FROM "ManifestReference" mr JOIN "Manifest" m ON m.id = mr."manifestId"
        WHERE m."repositoryId" = rb."repositoryId" AND mr.digest = rb.digest)
    ORDER BY rb.digest`;
}

/** Untagged manifests the app's policy lets go (see the module comment); `onlyId` re-checks one. */
function listPrunableManifests(db: Prisma.TransactionClient | PrismaClient, appId: string | null, cutoff: Date, onlyId: string | null) {
  return db.$queryRaw<{ id: string; repositoryId: string }[]>`
    SELECT m.id::text AS id, m."repositoryId"::text AS "repositoryId"
    FROM "Manifest" m
    JOIN "Repository" r ON r.id = m."repositoryId"
    JOIN "AppGcPolicy" p ON p."appId" = r."appId" AND p."pruneUntagged"
    WHERE (${appId}::uuid IS NULL OR r."appId" = ${appId}::uuid)
      AND (${onlyId}::uuid IS NULL OR m.id = ${onlyId}::uuid)
      AND m."createdAt" < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM "ProxyRepository" pr WHERE pr."repositoryId" = m."repositoryId")
      AND NOT EXISTS (SELECT 1 FROM "Tag" t WHERE t."manifestId" = m.id)
      AND NOT EXISTS (
        SELECT 1 FROM "ManifestReference" mr JOIN "Manifest" parent ON parent.id = mr."manifestId"
        WHERE parent."repositoryId" = m."repositoryId" AND mr.digest = m.digest AND mr."isManifest")
      AND (m."subjectDigest" IS NULL OR NOT EXISTS (
        SELECT 1 FROM "Manifest" s WHERE s."repositoryId" = m."repositoryId" AND s.digest = m."subjectDigest"))`;
}

/** Deletes one untagged manifest if it is still prunable under its row lock; its blobs' grace starts now. */
async function pruneManifest(db: PrismaClient, appId: string | null, cutoff: Date, id: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Manifest" WHERE id = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) return false;
    if ((await listPrunableManifests(tx, appId, cutoff, id)).length === 0) return false;
    await tx.$executeRaw`
      UPDATE "RepositoryBlob" rb SET "referencedAt" = ${new Date()}
      FROM "ManifestReference" mr, "Manifest" m
      WHERE mr."manifestId" = ${id}::uuid AND m.id = mr."manifestId" AND rb."repositoryId" = m."repositoryId" AND rb.digest = mr.digest`;
    await tx.$executeRaw`DELETE FROM "Manifest" WHERE id = ${id}::uuid`;
    return true;
  }, SWEEP_TRANSACTION);
}

async function pruneUntaggedManifests(deps: GcDeps, options: GcOptions, cutoff: Date): Promise<number> {
  let deleted = 0;
  for (let pass = 0; pass < MAX_PRUNE_PASSES; pass += 1) {
    const candidates = await listPrunableManifests(deps.prisma, options.appId, cutoff, null);
    if (candidates.length === 0 || options.dryRun) return deleted + candidates.length;
    let pruned = 0;
    for (const candidate of candidates) if (await pruneManifest(deps.prisma, options.appId, cutoff, candidate.id)) pruned += 1;
    deleted += pruned;
    if (pruned === 0) break;
  }
  return deleted;
}

async function isHeldElsewhere(tx: Prisma.TransactionClient, holders: BlobHolder[], digest: string): Promise<boolean> {
  for (const holder of holders) if (await holder.holds(tx, digest)) return true;
  return false;
}

/** Sweeps one link (see the module comment); reports whether the link went and how many bytes left the store. */
async function sweepLink(deps: GcDeps, holders: BlobHolder[], cutoff: Date, candidate: LinkCandidate): Promise<{ linkDeleted: boolean; bytesFreed: number | null }> {
  return deps.prisma.$transaction(async (tx) => {
    const blob = await tx.$queryRaw<{ size: bigint }[]>`SELECT size FROM "Blob" WHERE digest = ${candidate.digest} FOR UPDATE`;
    await tx.$queryRaw`SELECT 1 FROM "RepositoryBlob" WHERE "repositoryId" = ${candidate.repositoryId}::uuid AND digest = ${candidate.digest} FOR UPDATE`;
    const removed = await tx.$executeRaw`
      DELETE FROM "RepositoryBlob" rb
      WHERE rb."repositoryId" = ${candidate.repositoryId}::uuid AND rb.digest = ${candidate.digest} AND rb."referencedAt" < ${cutoff}
        AND NOT EXISTS (
          SELECT 1 FROM "ManifestReference" mr JOIN "Manifest" m ON m.id = mr."manifestId"
          WHERE m."repositoryId" = rb."repositoryId" AND mr.digest = rb.digest)`;
    if (removed === 0) return { linkDeleted: false, bytesFreed: null };
    const remaining = await tx.$queryRaw<{ count: bigint }[]>`SELECT count(*) AS count FROM "RepositoryBlob" WHERE digest = ${candidate.digest}`;
    if (Number(remaining[0]?.count ?? 0) > 0 || !blob[0] || (await isHeldElsewhere(tx, holders, candidate.digest))) return { linkDeleted: true, bytesFreed: null };
    await tx.$executeRaw`DELETE FROM "Blob" WHERE digest = ${candidate.digest}`;
    await deps.storage.deleteBlob(candidate.digest);
    return { linkDeleted: true, bytesFreed: Number(blob[0].size) };
  }, SWEEP_TRANSACTION);
}

/** Blob rows no repository links (left by deleted repositories or applications), older than the grace; whole-installation runs only. */
async function sweepOrphanBlobs(deps: GcDeps, holders: BlobHolder[], cutoff: Date, dryRun: boolean): Promise<{ count: number; bytes: number }> {
  const orphans = await deps.prisma.$queryRaw<{ digest: string; size: bigint }[]>`
    SELECT b.digest, b.size FROM "Blob" b
    WHERE b."createdAt" < ${cutoff} AND NOT EXISTS (SELECT 1 FROM "RepositoryBlob" rb WHERE rb.digest = b.digest)`;
  let count = 0;
  let bytes = 0;
  for (const orphan of orphans) {
    const isDeleted = dryRun
      ? true
      : await deps.prisma.$transaction(async (tx) => {
          const locked = await tx.$queryRaw<{ size: bigint }[]>`SELECT size FROM "Blob" WHERE digest = ${orphan.digest} FOR UPDATE`;
          if (locked.length === 0 || (await isHeldElsewhere(tx, holders, orphan.digest))) return false;
          const removed = await tx.$executeRaw`
            DELETE FROM "Blob" b WHERE b.digest = ${orphan.digest} AND NOT EXISTS (SELECT 1 FROM "RepositoryBlob" rb WHERE rb.digest = b.digest)`;
          if (removed === 0) return false;
          await deps.storage.deleteBlob(orphan.digest);
          return true;
        }, SWEEP_TRANSACTION);
    if (isDeleted) {
      count += 1;
      bytes += Number(orphan.size);
    }
  }
  return { count, bytes };
}

/** In a dry run: the blobs that would leave the store (every link of theirs is a candidate and nothing else holds them). */
async function countFreedByCandidates(deps: GcDeps, holders: BlobHolder[], candidates: LinkCandidate[]): Promise<{ count: number; bytes: number }> {
  const perDigest = new Map<string, { links: number; size: number }>();
  for (const candidate of candidates) {
    const entry = perDigest.get(candidate.digest) ?? { links: 0, size: Number(candidate.size) };
    entry.links += 1;
    perDigest.set(candidate.digest, entry);
  }
  if (perDigest.size === 0) return { count: 0, bytes: 0 };
  const totals = await deps.prisma.$queryRaw<{ digest: string; links: bigint }[]>`
    SELECT digest, count(*) AS links FROM "RepositoryBlob" WHERE digest = ANY(${[...perDigest.keys()]}::text[]) GROUP BY digest`;
  let count = 0;
  let bytes = 0;
  for (const total of totals) {
    const entry = perDigest.get(total.digest)!;
    if (Number(total.links) !== entry.links) continue;
    const isHeld = await deps.prisma.$transaction((tx) => isHeldElsewhere(tx, holders, total.digest));
    if (isHeld) continue;
    count += 1;
    bytes += entry.size;
  }
  return { count, bytes };
}

/**
 * Runs one garbage collection (mark and sweep, see above) for an app or the installation
 * and reports what it deleted, or in a dry run what it would delete, with the stored
 * bytes before and after. Safe to run while pushes go on, and on several instances.
 */
export async function collectGarbage(deps: GcDeps, options: GcOptions): Promise<GcResult> {
  const cutoff = new Date(Date.now() - options.graceMs);
  const bytesBefore = await measureStoredBytes(deps.prisma, options.appId);
  const holders = await findBlobHolders(deps.prisma);
  const manifestsDeleted = await pruneUntaggedManifests(deps, options, cutoff);
  const candidates = await listLinkCandidates(deps.prisma, options.appId, cutoff);
  let blobsDeleted = 0;
  let bytesDeleted = 0;
  let linksDeleted = 0;
  if (options.dryRun) {
    const freed = await countFreedByCandidates(deps, holders, candidates);
    [blobsDeleted, bytesDeleted, linksDeleted] = [freed.count, freed.bytes, candidates.length];
  } else {
    for (const candidate of candidates) {
      const swept = await sweepLink(deps, holders, cutoff, candidate);
      if (swept.linkDeleted) linksDeleted += 1;
      if (swept.bytesFreed !== null) {
        blobsDeleted += 1;
        bytesDeleted += swept.bytesFreed;
      }
    }
  }
  if (options.appId === null) {
    const orphans = await sweepOrphanBlobs(deps, holders, cutoff, options.dryRun);
    blobsDeleted += orphans.count;
    bytesDeleted += orphans.bytes;
  }
  const bytesAfter = options.dryRun ? bytesBefore : await measureStoredBytes(deps.prisma, options.appId);
  return { blobsDeleted, bytesDeleted, manifestsDeleted, linksDeleted, dryRun: options.dryRun, bytesBefore, bytesAfter };
}
