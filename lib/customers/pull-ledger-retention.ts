/**
 * How long the pull ledger keeps its rows: `LICENSE_PULL_RETENTION_DAYS` (default 90).
 * Read once at start; a value that is not a whole number of days stops the start with a
 * message, rather than silently keeping rows for the wrong time.
 */
import { getConfig } from "@/lib/config";

export const DEFAULT_PULL_RETENTION_DAYS = 90;
const MAX_PULL_RETENTION_DAYS = 36_500;

/** The retention in days from the environment. */
export function resolvePullRetentionDays(env?: Record<string, string | undefined>): number {
  if (!env) return getConfig().LICENSE_PULL_RETENTION_DAYS;
  const raw = env.LICENSE_PULL_RETENTION_DAYS?.trim();
  if (!raw) return DEFAULT_PULL_RETENTION_DAYS;
  const days = Number(raw);
  if (!/^\d+$/.test(raw) || days < 1 || days > MAX_PULL_RETENTION_DAYS) {
    throw new Error(`LICENSE_PULL_RETENTION_DAYS must be a whole number of days from 1 to ${MAX_PULL_RETENTION_DAYS}, not ${JSON.stringify(raw)}`);
  }
  return days;
}

/** The oldest `pulledAt` kept at `now`. */
export function computePullRetentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * 24 * 60 * 60 * 1000);
}
