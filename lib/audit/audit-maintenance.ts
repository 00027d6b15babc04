/**
 * Background upkeep of the audit log in each server process: every minute, spooled
 * events are written to the table; every hour, events past AUDIT_RETENTION_DAYS are
 * pruned (any instance may do it; the delete is idempotent). Failures are logged and
 * retried at the next tick.
 */
import { getLogger } from "@/lib/observability/logger";
import { pruneAuditEvents, resolveAuditRetentionDays } from "./prune-audit-events";
import { flushSpooledAuditEvents } from "./record-audit-event";

const FLUSH_EVERY_MS = 60_000;
const PRUNE_EVERY_MS = 60 * 60_000;

/** Starts the timers; returns a function that stops them and writes what is spooled one last time. */
export function startAuditMaintenance(log: (message: string) => void = (message) => getLogger("audit").warn(message)): () => Promise<void> {
  const retentionDays = resolveAuditRetentionDays();
  const flush = setInterval(() => void flushSpooledAuditEvents().catch((error) => log(`[audit] spool flush failed: ${String(error)}`)), FLUSH_EVERY_MS);
  const prune = setInterval(() => void pruneAuditEvents(retentionDays).catch((error) => log(`[audit] pruning failed: ${String(error)}`)), PRUNE_EVERY_MS);
  flush.unref();
  prune.unref();
  return async () => {
    clearInterval(flush);
    clearInterval(prune);
    await flushSpooledAuditEvents().catch(() => 0);
  };
}
