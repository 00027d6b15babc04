/** Teams as a whole: create another one, rename, delete (owner only, with the name typed to confirm). */
import { z } from "zod";
import { recordAuditEvent, recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { invalidInput } from "@/lib/errors";

export const createTeamSchema = z.object({ name: z.string().trim().min(1, "enter a team name").max(100, "must be at most 100 characters") });
export const deleteTeamSchema = z.object({ confirm: z.string({ error: "type the team's name to confirm" }) });

/** Creates a team with the person as its owner. */
export async function createTeam(person: Pick<Principal, "userId" | "email">, name: string): Promise<{ id: string; name: string; role: "owner" }> {
  return prisma.$transaction(async (tx) => {
    const team = await tx.team.create({ data: { name, memberships: { create: { userId: person.userId, role: "owner" } } } });
    await recordAuditEvent(tx, { teamId: team.id, actor: { kind: "person", id: person.userId, name: person.email }, action: "member.joined", target: person.email, details: { role: "owner", createdTeam: true } });
    return { id: team.id, name: team.name, role: "owner" };
  });
}

/** The principal's team: id, name, and the caller's role. */
export async function getTeam(principal: Pick<Principal, "teamId" | "role">): Promise<{ id: string; name: string; role: string }> {
  const team = await prisma.team.findUniqueOrThrow({ where: { id: principal.teamId }, select: { id: true, name: true } });
  return { ...team, role: principal.role };
}

/** Deletes the team with everything in it; `confirm` must be its exact name. The audit events stay. */
export async function deleteTeam(principal: Pick<Principal, "teamId" | "userId" | "kind" | "email" | "serviceAccountId">, confirm: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const team = await tx.team.findUniqueOrThrow({ where: { id: principal.teamId }, select: { name: true } });
    if (confirm !== team.name) throw invalidInput("confirm", `type the team's name, "${team.name}", to confirm`);
    await recordPrincipalEvent(tx, principal, { action: "team.deleted", target: team.name });
    await tx.team.delete({ where: { id: principal.teamId } });
  });
}
