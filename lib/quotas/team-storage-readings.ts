/**
 * Recent exact readings of teams' blob bytes, per application, kept in this process so an
 * upload request estimates its team's storage from one (team-usage.ts: the reading plus
 * the links created since) instead of summing every link of the team. A reading is kept
 * for READING_TTL_MS: every estimate sums the links created since it, so an older reading
 * makes estimates slower and looser. The request after that takes a new one, which costs
 * one statement more (the link horizon). Nothing here is shared between instances: each
 * takes its own readings from the database, and an estimate is never below the truth.
 */
import type { PrismaClient } from "@/lib/db/client";
import { readLinkHorizon, type BlobBytesReading, type TeamStorage } from "@/lib/quotas/team-usage";

const READING_TTL_MS = 60 * 1000;
/** Applications with a reading at once; one installation has far fewer that push within a minute. */
const MAX_READINGS = 1024;

/**
 * How a statement should read the team's storage: estimate from `reading`, or sum exactly
 * (reading null) and, with a `horizon`, leave a new reading behind (keepTeamStorageReading).
 */
export interface TeamStoragePlan {
  skipUsageUnlessOwnQuota: boolean;
  reading: BlobBytesReading | null;
  horizon: Date | null;
}

/** A kept reading, or that none is needed: the team's sums were skipped (no quota applies). */
type Kept = { reading: BlobBytesReading | null; takenAt: number };

const readings = new Map<string, Kept>();

/** The plan for reading the storage of the team owning application `appSlug`. */
export async function planTeamStorage(db: PrismaClient, appSlug: string, skipUsageUnlessOwnQuota: boolean): Promise<TeamStoragePlan> {
  const kept = readings.get(appSlug);
  if (kept && Date.now() - kept.takenAt < READING_TTL_MS) return { skipUsageUnlessOwnQuota, reading: kept.reading, horizon: null };
  const horizon = await readLinkHorizon(db);
  // Without a horizon no reading can be taken: sum exactly, and ask again only after a while.
  if (horizon === null) remember(appSlug, null);
  return { skipUsageUnlessOwnQuota, reading: null, horizon };
}

function remember(appSlug: string, reading: BlobBytesReading | null): void {
  if (readings.size >= MAX_READINGS) readings.clear();
  readings.set(appSlug, { reading, takenAt: Date.now() });
}

/** Keeps what a statement run with `plan` read, as the reading of `appSlug`'s team (or that none is needed). */
export function keepTeamStorageReading(appSlug: string, plan: TeamStoragePlan, storage: TeamStorage | null | undefined): void {
  if (plan.horizon === null || storage === undefined || storage?.isEstimate) return;
  const isSummed = storage !== null && !(plan.skipUsageUnlessOwnQuota && !storage.storageQuota);
  remember(appSlug, isSummed ? { teamId: storage.teamId, blobBytes: storage.blobBytes, since: plan.horizon } : null);
}

/** Drops the reading of `appSlug`'s team: the next request sums exactly and takes a new one. */
export function forgetTeamStorageReading(appSlug: string): void {
  readings.delete(appSlug);
}
