/**
 * Memberships: which teams a person belongs to and with which role. The person's
 * principal is always built for one team from here, so a role is never guessed.
 */
import { prisma } from "@/lib/db/client";
import type { Principal } from "@/lib/auth/principal";
import type { Role } from "@/lib/auth/roles";

export interface TeamOfUser {
  id: string;
  name: string;
  role: Role;
}

interface PersonRow {
  id: string;
  email: string;
  name: string;
}

/** Every team the person belongs to, oldest membership first (the first is the team they created or first joined). */
export async function listTeamsOfUser(userId: string): Promise<TeamOfUser[]> {
  const rows = await prisma.membership.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { teamId: "asc" }],
    select: { role: true, team: { select: { id: true, name: true } } },
  });
  return rows.map((row) => ({ id: row.team.id, name: row.team.name, role: row.role }));
}

/** The person's role in the team, or null when they are not a member. */
export async function findRole(userId: string, teamId: string): Promise<Role | null> {
  const row = await prisma.membership.findUnique({ where: { teamId_userId: { teamId, userId } }, select: { role: true } });
  return row?.role ?? null;
}

/**
 * The person's principal in `teamId` when given and they belong to it, else in their
 * first team (oldest membership); null when they belong to no team at all.
 */
export async function buildPersonPrincipal(user: PersonRow, via: Principal["via"], teamId?: string | null): Promise<Principal | null> {
  const membership = teamId && isUuid(teamId)
    ? await prisma.membership.findUnique({ where: { teamId_userId: { teamId, userId: user.id } }, select: { teamId: true, role: true } })
    : null;
  const chosen = membership ?? (await prisma.membership.findFirst({ where: { userId: user.id }, orderBy: [{ createdAt: "asc" }, { teamId: "asc" }], select: { teamId: true, role: true } }));
  return toPersonPrincipal(user, chosen, via);
}

/** The person's principal in the team of `membership` (already read), or null without one. */
export function toPersonPrincipal(user: PersonRow, membership: { teamId: string; role: Role } | null, via: Principal["via"]): Principal | null {
  if (!membership) return null;
  return { kind: "person", userId: user.id, teamId: membership.teamId, role: membership.role, scopes: null, email: user.email, name: user.name, via };
}

/** True for a canonical UUID (what team ids are); anything else would make Postgres throw. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
