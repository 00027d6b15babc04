/**
 * Reading the audit log: one team's events, newest first, filtered by actor (a name or
 * id, exact), app, action and time range, paged by keyset on the event id (the cursor is
 * the last id seen), so a page costs the same deep in the log as at its top. Spooled
 * events are written first, so what was recorded is what is read.
 */
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { prisma, type Prisma } from "@/lib/db/client";
import { AUDIT_ACTIONS } from "./audit-actions";
import { flushSpooledAuditEvents } from "./record-audit-event";

const optionalDate = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time" }).or(z.iso.date({ error: "must be a date such as 2027-01-31" })).optional();

export const auditQuerySchema = z.object({
  actor: z.string().trim().max(200).optional(),
  app: z.string().trim().max(100).optional(),
  action: z.enum(AUDIT_ACTIONS, { error: "is not an action the log records" }).optional(),
  from: optionalDate,
  to: optionalDate,
  cursor: z.string().regex(/^\d{1,19}$/, "must be the nextCursor of a previous page").optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditEventView {
  id: string;
  at: Date;
  actor: { kind: string; id: string | null; name: string };
  action: string;
  app?: string;
  target: string;
  clientAddress: string | null;
  requestId: string | null;
  details?: unknown;
}

function buildWhere(principal: Pick<Principal, "teamId">, query: AuditQuery): Prisma.AuditEventWhereInput {
  const where: Prisma.AuditEventWhereInput = { teamId: principal.teamId };
  if (query.actor) where.OR = [{ actorName: query.actor }, { actorId: query.actor }];
  if (query.app) where.appSlug = query.app;
  if (query.action) where.action = query.action;
  if (query.from || query.to) where.at = { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lte: new Date(query.to) } : {}) };
  if (query.cursor) where.id = { lt: BigInt(query.cursor) };
  return where;
}

/** One page of the team's events and the cursor of the next page (null at the end). */
export async function listAuditEvents(principal: Pick<Principal, "teamId">, query: AuditQuery): Promise<{ events: AuditEventView[]; nextCursor: string | null }> {
  await flushSpooledAuditEvents().catch(() => 0);
  const rows = await prisma.auditEvent.findMany({ where: buildWhere(principal, query), orderBy: { id: "desc" }, take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  const events = page.map((row) => ({
    id: row.id.toString(),
    at: row.at,
    actor: { kind: row.actorKind, id: row.actorId, name: row.actorName },
    action: row.action,
    ...(row.appSlug ? { app: row.appSlug } : {}),
    target: row.target,
    clientAddress: row.clientAddress,
    requestId: row.requestId,
    ...(row.details !== null ? { details: row.details } : {}),
  }));
  return { events, nextCursor: rows.length > query.limit ? page[page.length - 1]!.id.toString() : null };
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Every matching event (up to `max`) as CSV, newest first. */
export async function exportAuditCsv(principal: Pick<Principal, "teamId">, query: AuditQuery, max = 100_000): Promise<string> {
  const lines = [["id", "at", "actor_kind", "actor_id", "actor", "action", "app", "target", "client_address", "request_id"].join(",")];
  let cursor = query.cursor;
  while (lines.length <= max) {
    const page = await listAuditEvents(principal, { ...query, cursor, limit: 500 });
    for (const event of page.events) {
      lines.push([event.id, event.at, event.actor.kind, event.actor.id, event.actor.name, event.action, event.app, event.target, event.clientAddress, event.requestId].map(csvCell).join(","));
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return lines.join("\n") + "\n";
}
