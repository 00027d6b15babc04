/**
 * What one upload may still write, decided before its bytes are read (spec "Pushing
 * blobs"; the refusals are OCI DENIED, which clients show with its message):
 *
 * 1. Free space: on the filesystem store, uploads stop while the data volume has less
 *    than MIN_FREE_SPACE free (503, so reads keep working and clients may retry later).
 * 2. Blob size: no blob past REGISTRY_MAX_BLOB_SIZE (403).
 * 3. Team quota: the team's stored bytes plus uploads in progress (lib/quotas) may not
 *    pass its quota (403, naming used and limit).
 *
 * A request whose size is known (Content-Length) is refused before any byte is stored;
 * otherwise the request streams through limitUploadBytes, which throws the same refusal
 * the moment the budget is passed, and the caller deletes the partial upload. The team's
 * storage may come as an estimate (lib/quotas/team-usage.ts: never below the truth): it
 * admits, but a refusal, and a budget an estimate cut short, read the exact sum first. Two
 * concurrent uploads of one team can each see the same free budget: a quota can be
 * passed by at most what was in flight at once, never by an upload that starts later.
 */
import { statfs } from "node:fs/promises";
import { Readable } from "node:stream";
import { getConfig, type Config } from "@/lib/config";
import type { PrismaClient } from "@/lib/db/client";
import { formatBytes } from "@/lib/images/describe/format";
import { effectiveQuota, resolveQuotaSettings, type QuotaSettings } from "@/lib/quotas/quota-settings";
import { forgetTeamStorageReading, keepTeamStorageReading, planTeamStorage } from "@/lib/quotas/team-storage-readings";
import { findAppTeamStorage, type TeamStorage } from "@/lib/quotas/team-usage";
import type { RegistryChangeFeed } from "@/lib/registry/db/change-feed";
import { notifiedCachePerOwner } from "@/lib/registry/db/notified-cache";
import { RegistryError } from "@/lib/registry/errors";
import { countOpenUploadSessions, discardUploadSession } from "@/lib/registry/metadata/upload-sessions";
import { repositoryAppSlug } from "@/lib/registry/names";
import type { StorageDriver } from "@/lib/registry/storage/driver";
import type { StorageSettings } from "@/lib/registry/storage/storage-settings";

export interface UploadLimits {
  settings: QuotaSettings;
  /** Folders of the filesystem store and the data directory (statfs); empty for object storage. */
  freeSpacePaths: string[];
}

/** The limits of this process's configuration for the store `storage` (free space is measured on the filesystem store only). */
export function resolveUploadLimits(storage: StorageSettings, config: Config = getConfig()): UploadLimits {
  const freeSpacePaths = storage.kind === "filesystem" ? [...new Set([storage.root, config.DATA_DIR])] : [];
  return { settings: resolveQuotaSettings(config), freeSpacePaths };
}

/** The most bytes a request may still write (null: no limit) and the refusal to throw past it. */
export interface UploadBudget {
  maxBytes: number | null;
  exceeded: () => RegistryError;
  /** Where maxBytes rests on an estimate: the exact budget, asked for once the estimate's is passed. */
  refine?: () => Promise<UploadBudget>;
}

const UNLIMITED: UploadBudget = { maxBytes: null, exceeded: () => new RegistryError("DENIED") };

function denied(message: string, detail: Record<string, unknown>, status?: number): RegistryError {
  return new RegistryError("DENIED", message, detail, status ? { status } : {});
}

/** The smallest free space among the paths, or null when none can be measured. */
async function measureFreeBytes(paths: string[]): Promise<number | null> {
  const free = await Promise.all(paths.map((folder) => statfs(folder).then((stats) => stats.bavail * stats.bsize, () => null)));
  const known = free.filter((bytes): bytes is number => bytes !== null);
  return known.length ? Math.min(...known) : null;
}

/**
 * How long one measurement of free space answers for: a small push asks a dozen times
 * within a second. Half a second of writes at this store's speed (about 250 MiB/s) is
 * well inside the reserve's default of 1 GiB, and each request's budget is still cut
 * where the measured free space ends.
 */
const FREE_SPACE_MEASURE_MS = 500;

const freeSpaceMeasures = new Map<string, { measuredAt: number; free: Promise<number | null> }>();

function measureFreeBytesRecently(paths: string[]): Promise<number | null> {
  const key = paths.join("\0");
  const now = Date.now();
  const recent = freeSpaceMeasures.get(key);
  if (recent && now - recent.measuredAt < FREE_SPACE_MEASURE_MS) return recent.free;
  const free = measureFreeBytes(paths);
  // One store per process in production; tests start many, so old ones are let go.
  if (freeSpaceMeasures.size >= 16) freeSpaceMeasures.clear();
  freeSpaceMeasures.set(key, { measuredAt: now, free });
  return free;
}

function lowSpace(free: number, reserve: number): RegistryError {
  return denied(
    `the registry's data volume has ${formatBytes(free)} free, under its reserve of ${formatBytes(reserve)} (MIN_FREE_SPACE): uploads are refused until the administrator frees space; pulls still work`,
    { freeBytes: free, minFreeSpace: reserve },
    503,
  );
}

function blobTooLarge(max: number): RegistryError {
  return denied(`blobs larger than ${formatBytes(max)} are refused (REGISTRY_MAX_BLOB_SIZE)`, { maxBlobSize: max });
}

function overQuota(teamName: string, used: number, limit: number, incoming: number | null): RegistryError {
  const needs = incoming === null ? "" : `; this upload needs ${formatBytes(incoming)} more`;
  return denied(
    `team "${teamName}" is over its storage quota: ${formatBytes(used)} of ${formatBytes(limit)} used${needs}. Delete tags and run garbage collection to free space, or ask the instance administrator to raise the quota`,
    { used, limit },
  );
}

/** Picks the tighter of two budgets; a refined one is the tighter of the other and the refinement. */
function tighter(a: UploadBudget, b: UploadBudget): UploadBudget {
  const chosen = a.maxBytes === null ? b : b.maxBytes === null ? a : a.maxBytes <= b.maxBytes ? a : b;
  const other = chosen === a ? b : a;
  const refine = chosen.refine;
  return refine ? { ...chosen, refine: async () => tighter(other, await refine()) } : chosen;
}

async function freeSpaceBudget(limits: UploadLimits, incoming: number | null): Promise<UploadBudget> {
  const reserve = limits.settings.minFreeSpace;
  if (reserve === 0 || limits.freeSpacePaths.length === 0) return UNLIMITED;
  const free = await measureFreeBytesRecently(limits.freeSpacePaths);
  if (free === null) return UNLIMITED;
  if (free - (incoming ?? 0) < reserve) throw lowSpace(free, reserve);
  return { maxBytes: free - reserve, exceeded: () => lowSpace(reserve, reserve) };
}

function blobSizeBudget(limits: UploadLimits, offset: number, incoming: number | null): UploadBudget {
  const max = limits.settings.maxBlobSize;
  if (max === 0) return UNLIMITED;
  if (offset + (incoming ?? 0) > max) throw blobTooLarge(max);
  return { maxBytes: max - offset, exceeded: () => blobTooLarge(max) };
}

/**
 * Per change feed: applications whose team has no quota of its own, while the default is
 * unlimited (so every upload into them is unlimited by quota). Kept until the feed hears
 * of a change to apps or teams (a quota set on any instance), so such uploads skip the
 * query; a team with a quota is asked every time, since its usage moves with every blob.
 */
const unlimitedApps = notifiedCachePerOwner<boolean>({ topic: "access", maxEntries: 4096, keep: (isUnlimited) => isUnlimited });

function hasNoOwnQuotaCached(prisma: PrismaClient, feed: RegistryChangeFeed, appSlug: string): Promise<boolean> {
  return unlimitedApps(feed, feed).get(appSlug, async () => {
    const team = await findAppTeamStorage(prisma, appSlug, { skipUsageUnlessOwnQuota: true });
    return !team || !team.storageQuota;
  });
}

async function quotaBudget(
  prisma: PrismaClient,
  limits: UploadLimits,
  request: { repositoryName: string; incoming: number | null; teamStorage?: TeamStorage | null },
  feed?: RegistryChangeFeed,
): Promise<UploadBudget> {
  const { repositoryName, incoming } = request;
  const isDefaultUnlimited = teamStorageSkipsUsage(limits);
  let team: TeamStorage | null;
  if (request.teamStorage !== undefined) team = request.teamStorage;
  else {
    if (isDefaultUnlimited && feed && (await hasNoOwnQuotaCached(prisma, feed, repositoryAppSlug(repositoryName)))) return UNLIMITED;
    team = await findAppTeamStorage(prisma, repositoryAppSlug(repositoryName), { skipUsageUnlessOwnQuota: isDefaultUnlimited });
  }
  if (!team) return UNLIMITED;
  const limit = effectiveQuota(team.storageQuota, limits.settings);
  if (limit === 0) return UNLIMITED;
  const used = team.blobBytes + team.uploadBytes;
  const appSlug = repositoryAppSlug(repositoryName);
  const readExactly = async () => {
    forgetTeamStorageReading(appSlug);
    const exact = await findAppTeamStorage(prisma, appSlug, { skipUsageUnlessOwnQuota: isDefaultUnlimited });
    return quotaBudget(prisma, limits, { ...request, teamStorage: exact }, feed);
  };
  if (incoming === null ? used >= limit : used + incoming > limit) {
    if (team.isEstimate) return readExactly();
    throw overQuota(team.teamName, used, limit, incoming);
  }
  const budget: UploadBudget = { maxBytes: limit - used, exceeded: () => overQuota(team.teamName, limit, limit, null) };
  // Only a body of unknown size can pass its budget: then the exact one decides (nothing more incoming).
  if (team.isEstimate && incoming === null) budget.refine = readExactly;
  return budget;
}

/**
 * Admits an upload request into `repositoryName` whose session already holds `offset`
 * bytes and whose body announces `incoming` bytes (null: unknown, or no body); throws
 * DENIED when it cannot fit, else returns what the body may still carry. With a change
 * feed, a team without a quota of its own costs no query (see hasNoOwnQuotaCached).
 * `teamStorage`, when given, is the team's storage already read in this request (with
 * teamStorageSkipsUsage(limits)), e.g. by the statement that claimed the session: no query.
 */
export async function admitUpload(
  prisma: PrismaClient,
  limits: UploadLimits | undefined,
  request: { repositoryName: string; offset: number; incoming: number | null; teamStorage?: TeamStorage | null },
  changeFeed?: RegistryChangeFeed,
): Promise<UploadBudget> {
  if (!limits) return UNLIMITED;
  const space = await freeSpaceBudget(limits, request.incoming);
  const size = blobSizeBudget(limits, request.offset, request.incoming);
  const quota = await quotaBudget(prisma, limits, request, changeFeed);
  return tighter(tighter(space, size), quota);
}

/** The `skipUsageUnlessOwnQuota` a caller reading the team's storage for admitUpload must use. */
export function teamStorageSkipsUsage(limits: UploadLimits): boolean {
  return limits.settings.teamStorageQuota === 0;
}

/** A session untouched this long no longer counts against the caps on open sessions. */
export const UPLOAD_SESSION_IDLE_MS = 60 * 60 * 1000;

/**
 * Admits a session once it exists: first the team's quota (as admitUpload with nothing
 * incoming: refused once nothing more fits, DENIED), then the caps on open sessions
 * (MAX_UPLOAD_SESSIONS_PER_USER for the caller, MAX_UPLOAD_SESSIONS_PER_APP for the
 * application, TOOMANYREQUESTS). Refused, the session is dropped again. Counting after
 * inserting keeps concurrent opens from all slipping under the cap: of two racing opens,
 * the later count sees both. The counts and the team's storage are one statement.
 */
export async function admitUploadSession(
  deps: { prisma: PrismaClient; storage: StorageDriver; changeFeed?: RegistryChangeFeed },
  limits: UploadLimits | undefined,
  session: { id: string; repositoryId: string; repositoryName: string; openedBy: string | null },
): Promise<void> {
  if (!limits) return;
  const since = new Date(Date.now() - UPLOAD_SESSION_IDLE_MS);
  const appSlug = repositoryAppSlug(session.repositoryName);
  const plan = await planTeamStorage(deps.prisma, appSlug, teamStorageSkipsUsage(limits));
  const open = await countOpenUploadSessions(deps.prisma, session.openedBy, session.repositoryId, since, { teamStorage: plan });
  keepTeamStorageReading(appSlug, plan, open.teamStorage);
  try {
    await admitUpload(deps.prisma, limits, { repositoryName: session.repositoryName, offset: 0, incoming: null, teamStorage: open.teamStorage }, deps.changeFeed);
  } catch (error) {
    await discardUploadSession(deps.prisma, deps.storage, session.id);
    throw error;
  }
  const { maxUploadSessionsPerUser: perUser, maxUploadSessionsPerApp: perApp } = limits.settings;
  const reason =
    open.byUser > perUser
      ? `you have ${perUser} upload sessions open, the most one user may (MAX_UPLOAD_SESSIONS_PER_USER)`
      : open.byApp > perApp
        ? `this application has ${perApp} upload sessions open, the most one application may (MAX_UPLOAD_SESSIONS_PER_APP)`
        : null;
  if (!reason) return;
  await discardUploadSession(deps.prisma, deps.storage, session.id);
  throw new RegistryError("TOOMANYREQUESTS", `${reason}: finish or cancel one first; sessions idle for an hour stop counting`, { perUser, perApp });
}

/** Passes `source` through, throwing the budget's refusal as soon as more than its bytes arrive. */
export function limitUploadBytes(source: AsyncIterable<Uint8Array>, budget: UploadBudget): AsyncIterable<Uint8Array> {
  if (budget.maxBytes === null) return source;
  // A request is read without destroying it on refusal, so the client still gets the answer.
  return countUploadBytes(source instanceof Readable ? source.iterator({ destroyOnReturn: false }) : source, budget);
}

async function* countUploadBytes(source: AsyncIterable<Uint8Array>, budget: UploadBudget): AsyncGenerator<Uint8Array> {
  let total = 0;
  let current = budget;
  for await (const chunk of source) {
    total += chunk.length;
    while (current.maxBytes !== null && total > current.maxBytes) {
      if (!current.refine) throw current.exceeded();
      current = await current.refine();
    }
    yield chunk;
  }
}
