/**
 * Invitations: an owner or admin invites an e-mail address with a role and gets a
 * one-time link `<portal>/invitations/<secret>` (only the SHA-256 of the secret is
 * stored), valid for INVITATION_DAYS unless revoked. The invitee opens it, signs up or
 * signs in with that e-mail, and accepts: the membership and the invitation's
 * acceptance commit together, and the invitation cannot be accepted twice.
 */
import { z } from "zod";
import { recordAuditEvent, recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import type { Principal } from "@/lib/auth/principal";
import { explainDenial } from "@/lib/auth/access";
import { roleSchema, type Role } from "@/lib/auth/roles";
import { generateBase62, hashTokenSecret } from "@/lib/auth/token-secret";
import { prisma, type Prisma } from "@/lib/db/client";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { sendMail } from "./mailer";
import { isUuid } from "./memberships";

export const INVITATION_DAYS = 7;
const SECRET_PREFIX = "inv_";

export const createInvitationSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email("enter a valid e-mail address")),
  role: roleSchema,
});
export type CreateInvitationInput = z.infer<typeof createInvitationSchema>;

export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  invitedBy: string | null;
}

type Actor = Pick<Principal, "teamId" | "userId" | "kind" | "email" | "serviceAccountId" | "role" | "scopes">;

const VIEW = { id: true, email: true, role: true, createdAt: true, expiresAt: true, invitedBy: { select: { email: true } } } as const;

function toView(row: { id: string; email: string; role: Role; createdAt: Date; expiresAt: Date; invitedBy: { email: string } | null }): InvitationView {
  return { id: row.id, email: row.email, role: row.role, createdAt: row.createdAt, expiresAt: row.expiresAt, invitedBy: row.invitedBy?.email ?? null };
}

/** Creates the invitation; returns it with its one-time URL (shown once) and whether it was mailed. */
export async function createInvitation(
  actor: Actor,
  input: CreateInvitationInput,
  portalUrl: string,
): Promise<{ invitation: InvitationView & { url: string }; mail: "sent" | "not_configured" | "failed" }> {
  if (input.role === "owner" && explainDenial(actor, "team:owners")) throw forbidden("Only an owner can invite another owner.");
  const already = await prisma.membership.findFirst({ where: { teamId: actor.teamId, user: { email: input.email } }, select: { userId: true } });
  if (already) throw new AppError("conflict", `${input.email} is already a member of this team.`, { details: [{ path: "email", issue: "already a member" }] });
  const secret = SECRET_PREFIX + generateBase62(40);
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000);
  const row = await prisma.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: { teamId: actor.teamId, email: input.email, role: input.role, tokenHash: hashTokenSecret(secret), invitedById: actor.kind === "person" ? actor.userId : null, expiresAt },
      select: { ...VIEW, team: { select: { name: true } } },
    });
    await recordPrincipalEvent(tx, actor, { action: "member.invited", target: input.email, details: { invitationId: created.id, role: input.role } });
    return created;
  });
  const url = `${portalUrl}/invitations/${secret}`;
  const mail = await sendMail({
    to: input.email,
    subject: `You are invited to ${row.team.name} on Slipway`,
    text: `${actor.email} invited you to join the team "${row.team.name}" as ${input.role}.\n\nOpen this link within ${INVITATION_DAYS} days to accept:\n${url}\n`,
  });
  return { invitation: { ...toView(row), url }, mail };
}

/** Pending invitations (not accepted, revoked or expired), newest first. */
export async function listInvitations(principal: Pick<Principal, "teamId">): Promise<InvitationView[]> {
  const rows = await prisma.invitation.findMany({
    where: { teamId: principal.teamId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: VIEW,
  });
  return rows.map(toView);
}

/** Revokes a pending invitation; its link stops working. */
export async function revokeInvitation(actor: Actor, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound("Invitation");
  await prisma.$transaction(async (tx) => {
    const row = await tx.invitation.findFirst({ where: { id, teamId: actor.teamId, acceptedAt: null, revokedAt: null }, select: { id: true, email: true } });
    if (!row) throw notFound("Invitation");
    await tx.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordPrincipalEvent(tx, actor, { action: "member.invitation_revoked", target: row.email, details: { invitationId: id } });
  });
}

export interface InvitationPreview {
  teamName: string;
  email: string;
  role: Role;
  expiresAt: Date;
  /** Why it cannot be accepted, or null while it can. */
  problem: string | null;
}

async function findByToken(db: Prisma.TransactionClient | typeof prisma, token: string) {
  if (!token.startsWith(SECRET_PREFIX) || token.length > 100) return null;
  return db.invitation.findUnique({ where: { tokenHash: hashTokenSecret(token) }, include: { team: { select: { id: true, name: true } } } });
}

function explainUnusable(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): string | null {
  if (row.acceptedAt) return "This invitation has already been accepted.";
  if (row.revokedAt) return "This invitation was revoked. Ask the team for a new one.";
  if (row.expiresAt <= new Date()) return "This invitation has expired. Ask the team for a new one.";
  return null;
}

/** What the invitation page shows for a link; `not_found` for an unknown link. */
export async function previewInvitation(token: string): Promise<InvitationPreview> {
  const row = await findByToken(prisma, token);
  if (!row) throw notFound("Invitation");
  return { teamName: row.team.name, email: row.email, role: row.role, expiresAt: row.expiresAt, problem: explainUnusable(row) };
}

/**
 * Accepts the invitation for the signed-in person (their e-mail must be the invited
 * one) inside `tx` when given (sign-up via invitation), else in its own transaction.
 */
export async function acceptInvitation(person: { id: string; email: string }, token: string, tx?: Prisma.TransactionClient): Promise<{ team: { id: string; name: string }; role: Role }> {
  const run = async (db: Prisma.TransactionClient) => {
    const row = await findByToken(db, token);
    if (!row) throw notFound("Invitation");
    const problem = explainUnusable(row);
    if (problem) throw new AppError("conflict", problem);
    if (row.email !== person.email.toLowerCase()) throw forbidden(`This invitation is for ${row.email}; you are signed in as ${person.email}.`);
    const { count } = await db.invitation.updateMany({ where: { id: row.id, acceptedAt: null }, data: { acceptedAt: new Date(), acceptedById: person.id } });
    if (count !== 1) throw new AppError("conflict", "This invitation has already been accepted.");
    await db.membership.upsert({
      where: { teamId_userId: { teamId: row.teamId, userId: person.id } },
      create: { teamId: row.teamId, userId: person.id, role: row.role },
      update: {},
    });
    await recordAuditEvent(db, { teamId: row.teamId, actor: { kind: "person", id: person.id, name: person.email }, action: "member.joined", target: person.email, details: { role: row.role, invitationId: row.id } });
    return { team: row.team, role: row.role };
  };
  return tx ? run(tx) : prisma.$transaction(run);
}
