/**
 * Members of a team and their roles. Rules: only an owner grants, changes or removes
 * the owner role (admins manage everyone else); a team always keeps at least one owner,
 * so demoting or removing the last one is refused. Owner changes lock the team's
 * memberships (SELECT ... FOR UPDATE) so two owners demoting each other at once cannot
 * leave the team with none.
 */
import { recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import { explainDenial } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import type { Role } from "@/lib/auth/roles";
import { prisma, type Prisma } from "@/lib/db/client";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { isUuid } from "./memberships";

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: Role;
  joinedAt: Date;
}

type Actor = Pick<Principal, "teamId" | "userId" | "kind" | "email" | "serviceAccountId" | "role" | "scopes">;

export const LAST_OWNER_MESSAGE = "A team must keep at least one owner: make someone else an owner first.";

/** The team's members, owners first, then by e-mail. */
export async function listMembers(principal: Pick<Principal, "teamId">): Promise<MemberView[]> {
  const rows = await prisma.membership.findMany({
    where: { teamId: principal.teamId },
    select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
  });
  const order: Role[] = ["owner", "admin", "developer", "viewer"];
  return rows
    .map((row) => ({ userId: row.user.id, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt }))
    .sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role) || a.email.localeCompare(b.email));
}

/** Locks the team's memberships for the transaction and returns the one of `userId` (not_found otherwise). */
async function lockMembership(tx: Prisma.TransactionClient, teamId: string, userId: string) {
  if (!isUuid(userId)) throw notFound("Member");
  await tx.$queryRaw`SELECT 1 FROM "Membership" WHERE "teamId" = ${teamId}::uuid FOR UPDATE`;
  const membership = await tx.membership.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { role: true, user: { select: { email: true } } } });
  if (!membership) throw notFound("Member");
  return membership;
}

async function assertNotLastOwner(tx: Prisma.TransactionClient, teamId: string): Promise<void> {
  const owners = await tx.membership.count({ where: { teamId, role: "owner" } });
  if (owners <= 1) throw new AppError("conflict", LAST_OWNER_MESSAGE);
}

function assertMayTouchOwners(actor: Actor, ...roles: Role[]): void {
  if (roles.includes("owner") && explainDenial(actor, "team:owners")) throw forbidden("Only an owner can grant, change or remove the owner role.");
}

/** Changes a member's role. */
export async function changeMemberRole(actor: Actor, userId: string, role: Role): Promise<MemberView> {
  return prisma.$transaction(async (tx) => {
    const current = await lockMembership(tx, actor.teamId, userId);
    assertMayTouchOwners(actor, current.role, role);
    if (current.role === "owner" && role !== "owner") await assertNotLastOwner(tx, actor.teamId);
    const row = await tx.membership.update({
      where: { teamId_userId: { teamId: actor.teamId, userId } },
      data: { role },
      select: { role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    });
    if (current.role !== role) {
      await recordPrincipalEvent(tx, actor, { action: "member.role_changed", target: row.user.email, details: { userId, from: current.role, to: role } });
    }
    return { userId: row.user.id, email: row.user.email, name: row.user.name, role: row.role, joinedAt: row.createdAt };
  });
}

/** Removes a member (also oneself: leaving the team); their tokens for this team stop at once. */
export async function removeMember(actor: Actor, userId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const current = await lockMembership(tx, actor.teamId, userId);
    if (userId !== actor.userId) assertMayTouchOwners(actor, current.role);
    if (current.role === "owner") await assertNotLastOwner(tx, actor.teamId);
    await tx.membership.delete({ where: { teamId_userId: { teamId: actor.teamId, userId } } });
    await tx.accessToken.updateMany({ where: { teamId: actor.teamId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await recordPrincipalEvent(tx, actor, { action: "member.removed", target: current.user.email, details: { userId, role: current.role } });
  });
}
