/**
 * Audit retention: `AUDIT_RETENTION_DAYS` (default 365). Pruning is the only delete the
 * table's trigger lets through, and only of rows older than the retention this
 * transaction states (SET LOCAL slipway.audit_retention_days), so no code path can
 * delete or rewrite recent events.
 */
import { getConfig } from "@/lib/config";
import { prisma } from "@/lib/db/client";

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** The retention in days from the environment; a clear error for anything but a whole number of days >= 1. */
export function resolveAuditRetentionDays(env?: Record<string, string | undefined>): number {
  if (!env) return getConfig().AUDIT_RETENTION_DAYS;
  const raw = env.AUDIT_RETENTION_DAYS?.trim();
  if (!raw) return DEFAULT_AUDIT_RETENTION_DAYS;
  const days = Number(raw);
  if (!Number.isInteger(days) || days < 1) throw new Error(`AUDIT_RETENTION_DAYS must be a whole number of days, at least 1 (got "${raw}").`);
  return days;
}

/** Deletes events older than `retentionDays`; returns how many went. */
export async function pruneAuditEvents(retentionDays = resolveAuditRetentionDays()): Promise<number> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL slipway.audit_retention_days = '${Math.floor(retentionDays)}'`);
    return tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "at" < now() - make_interval(days => ${Math.floor(retentionDays)})`;
  });
}
