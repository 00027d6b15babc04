/**
 * Writes audit events. An action that changes the database records its event in the
 * same transaction (pass the transaction client), so the change and its row commit
 * together. The insert runs inside a savepoint: if it fails, the savepoint is rolled
 * back, the event goes to the durable spool (audit-spool.ts) and the action still
 * commits, so writing an audit row never fails the action it records and the row is
 * not lost. Actions that are not database changes (sign-ins, registry pushes) use
 * recordAuditEventNow, which falls back to the spool the same way.
 */
import { describeError, getLogger } from "@/lib/observability/logger";
import { prisma, type Prisma } from "@/lib/db/client";
import { actorOf, type AuditActor, type AuditPrincipal } from "./audit-actor";
import { currentAuditContext } from "./audit-context";
import { flushAuditSpool, spoolAuditEvent, type SpooledAuditEvent } from "./audit-spool";
import type { AuditAction } from "./audit-actions";
import type { Principal } from "@/lib/auth/principal";

export interface AuditEventInput {
  teamId: string | null;
  actor: AuditActor;
  action: AuditAction;
  appSlug?: string | null;
  /** What was acted on, in words a person reads: an e-mail, `repo:tag`, a registry's name. */
  target?: string;
  details?: Record<string, unknown>;
}

type Db = Prisma.TransactionClient | typeof prisma;

function toRow(event: AuditEventInput): SpooledAuditEvent {
  const context = currentAuditContext();
  return {
    at: new Date().toISOString(),
    teamId: event.teamId,
    actorKind: event.actor.kind,
    actorId: event.actor.id,
    actorName: event.actor.name,
    action: event.action,
    appSlug: event.appSlug ?? null,
    target: event.target ?? "",
    clientAddress: context.clientAddress,
    requestId: context.requestId,
    details: event.details ?? null,
  };
}

async function insertRow(db: Db, row: SpooledAuditEvent): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "AuditEvent" ("at", "teamId", "actorKind", "actorId", "actorName", "action", "appSlug", "target", "clientAddress", "requestId", "details")
    VALUES (${new Date(row.at)}, ${row.teamId}::uuid, ${row.actorKind}, ${row.actorId}, ${row.actorName}, ${row.action}, ${row.appSlug}, ${row.target},
            ${row.clientAddress}, ${row.requestId}, ${row.details === null ? null : JSON.stringify(row.details)}::jsonb)`;
}

/** Records the event inside the caller's transaction `tx`; a failed insert goes to the spool instead of failing the transaction. */
export async function recordAuditEvent(tx: Prisma.TransactionClient, event: AuditEventInput): Promise<void> {
  const row = toRow(event);
  await tx.$executeRawUnsafe(`SAVEPOINT slipway_audit`);
  try {
    await insertRow(tx, row);
    await tx.$executeRawUnsafe(`RELEASE SAVEPOINT slipway_audit`);
  } catch (error) {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT slipway_audit`);
    await spoolAfterFailure(row, error);
  }
}

/** Records an event that is not part of a database change (its own statement; the spool when that fails). */
export async function recordAuditEventNow(event: AuditEventInput): Promise<void> {
  const row = toRow(event);
  try {
    await insertRow(prisma, row);
  } catch (error) {
    await spoolAfterFailure(row, error);
  }
}

/** recordAuditEvent for a principal acting in its own team (the common case). */
export function recordPrincipalEvent(
  tx: Prisma.TransactionClient,
  principal: AuditPrincipal & Pick<Principal, "teamId">,
  event: Omit<AuditEventInput, "teamId" | "actor">,
): Promise<void> {
  return recordAuditEvent(tx, { ...event, teamId: principal.teamId, actor: actorOf(principal) });
}

async function spoolAfterFailure(row: SpooledAuditEvent, error: unknown): Promise<void> {
  getLogger("audit").warn({ err: describeError(error) }, "insert failed, event spooled for a later write");
  await spoolAuditEvent(row);
}

/** Writes spooled events to the table (called before the log is read, and by the pruning job). */
export function flushSpooledAuditEvents(): Promise<number> {
  return flushAuditSpool((row) => insertRow(prisma, row));
}
