/**
 * A person's own account: change password (the current one re-entered), change e-mail,
 * sign out of every session, delete the account. Each of these that should end other
 * sessions raises `sessionVersion`, which every session JWT is compared with. A deleted
 * account keeps its row (releases and promotions name it) without e-mail, password,
 * memberships or tokens; deleting is refused while the person is some team's last owner.
 */
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import type { AuditAction } from "@/lib/audit/audit-actions";
import { prisma, type Prisma } from "@/lib/db/client";
import { AppError, invalidInput } from "@/lib/errors";
import { explainTakenEmail } from "./sign-up";
import { explainWeakPassword, hashPassword, verifyPassword } from "./password";

const newPasswordSchema = z.string().superRefine((value, ctx) => {
  const reason = explainWeakPassword(value);
  if (reason) ctx.addIssue({ code: "custom", message: reason });
});

export const changePasswordSchema = z.object({ currentPassword: z.string().min(1, "enter your current password"), newPassword: newPasswordSchema });
export const updateAccountSchema = z.object({
  currentPassword: z.string().min(1, "enter your current password"),
  name: z.string().trim().min(1, "enter your name").max(100).optional(),
  email: z.string().trim().toLowerCase().pipe(z.email("enter a valid e-mail address")).optional(),
});
export const confirmPasswordSchema = z.object({ password: z.string().min(1, "enter your password to confirm") });

export interface AccountView {
  id: string;
  email: string;
  name: string;
  twoFactor: boolean;
  recoveryCodesLeft: number;
}

/** The person's account as the settings page shows it. */
export async function getAccount(userId: string): Promise<AccountView> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, name: true, totpEnabledAt: true } });
  const recoveryCodesLeft = user.totpEnabledAt ? await prisma.recoveryCode.count({ where: { userId, usedAt: null } }) : 0;
  return { id: user.id, email: user.email, name: user.name, twoFactor: user.totpEnabledAt !== null, recoveryCodesLeft };
}

async function assertPassword(userId: string, password: string, field = "currentPassword"): Promise<void> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, password))) throw invalidInput(field, "is not your current password");
}

/** Records an account event in every team of the person (each team's log shows its members' account changes). */
export async function recordAccountEvent(tx: Prisma.TransactionClient, user: { id: string; email: string }, action: AuditAction, details?: Record<string, unknown>): Promise<void> {
  const teams = await tx.membership.findMany({ where: { userId: user.id }, select: { teamId: true } });
  for (const { teamId } of teams.length ? teams : [{ teamId: null }]) {
    await recordAuditEvent(tx, { teamId, actor: { kind: "person", id: user.id, name: user.email }, action, target: user.email, details });
  }
}

/** Changes the password and ends every other session (the caller's browser signs in again). */
export async function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
  await assertPassword(userId, currentPassword);
  const passwordHash = await hashPassword(newPassword);
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { id: true, email: true } });
    await recordAccountEvent(tx, user, "account.password_changed");
  });
}

/** Changes name and/or e-mail (the password confirms it); a taken e-mail is a conflict. */
export async function updateAccount(userId: string, input: z.infer<typeof updateAccountSchema>): Promise<AccountView> {
  await assertPassword(userId, input.currentPassword);
  try {
    await prisma.$transaction(async (tx) => {
      const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
      const user = await tx.user.update({ where: { id: userId }, data: { name: input.name, email: input.email }, select: { id: true, email: true } });
      if (input.email && input.email !== before.email) await recordAccountEvent(tx, user, "account.email_changed", { from: before.email, to: input.email });
    });
  } catch (error) {
    throw explainTakenEmail(error);
  }
  return getAccount(userId);
}

/**
 * Signing out: ends the session whose JWT carries `sessionVersion` on the server, so its
 * cookie stops working at once even if a copy survives (JWTs cannot be revoked one by
 * one, so the person's other sessions end too). A stale version changes nothing.
 */
export async function endSession(userId: string, sessionVersion: number): Promise<void> {
  await prisma.user.updateMany({ where: { id: userId, sessionVersion, deletedAt: null }, data: { sessionVersion: { increment: 1 } } });
}

/** Ends every session of the person, this one included. */
export async function signOutEverywhere(userId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { id: true, email: true } });
    await recordAccountEvent(tx, user, "account.signed_out_everywhere");
  });
}

/** Deletes the account (the password confirms it); refused while the person is a team's last owner. */
export async function deleteAccount(userId: string, password: string): Promise<void> {
  await assertPassword(userId, password, "password");
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM "Membership" WHERE "teamId" IN (SELECT "teamId" FROM "Membership" WHERE "userId" = ${userId}::uuid) FOR UPDATE`;
    const owned = await tx.membership.findMany({ where: { userId, role: "owner" }, select: { teamId: true, team: { select: { name: true } } } });
    for (const membership of owned) {
      const owners = await tx.membership.count({ where: { teamId: membership.teamId, role: "owner" } });
      if (owners <= 1) {
        throw new AppError("conflict", `You are the last owner of the team "${membership.team.name}": make someone else its owner, or delete the team, before deleting your account.`);
      }
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true } });
    await recordAccountEvent(tx, user, "account.deleted");
    await tx.membership.deleteMany({ where: { userId } });
    await tx.accessToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.passwordReset.deleteMany({ where: { userId } });
    await tx.user.update({
      where: { id: userId },
      data: { email: `deleted-${userId}@deleted.invalid`, name: "Deleted user", passwordHash: "", totpSecret: null, totpEnabledAt: null, deletedAt: new Date(), sessionVersion: { increment: 1 } },
    });
  });
}
