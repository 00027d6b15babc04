/**
 * One-time password reset links `<portal>/reset-password/<secret>` (only the SHA-256 of
 * the secret is stored), valid for RESET_HOURS. An owner creates one for a member of
 * their team and hands it over; with SMTP_URL set, anyone can ask for one by e-mail and
 * it is mailed (the answer never says whether the address has an account). Using it sets
 * the new password, ends every session and spends the link (a second use is refused).
 */
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { prisma } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { sendMail } from "@/lib/teams/mailer";
import { isUuid } from "@/lib/teams/memberships";
import { recordAccountEvent } from "./account";
import { explainWeakPassword, hashPassword } from "./password";
import type { Principal } from "./principal";
import { generateBase62, hashTokenSecret } from "./token-secret";

export const RESET_HOURS = 24;
const PREFIX = "pwr_";

export const usePasswordResetSchema = z.object({
  password: z.string().superRefine((value, ctx) => {
    const reason = explainWeakPassword(value);
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  }),
});
export const requestPasswordResetSchema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email("enter a valid e-mail address")) });

async function issueReset(userId: string, portalUrl: string): Promise<{ url: string; expiresAt: Date }> {
  const secret = PREFIX + generateBase62(40);
  const expiresAt = new Date(Date.now() + RESET_HOURS * 3600 * 1000);
  await prisma.$transaction(async (tx) => {
    await tx.passwordReset.create({ data: { userId, tokenHash: hashTokenSecret(secret), expiresAt } });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true } });
    await recordAccountEvent(tx, user, "account.password_reset_created");
  });
  return { url: `${portalUrl}/reset-password/${secret}`, expiresAt };
}

/** An owner's reset link for a member of their team (`not_found` for anyone else); mailed as well when SMTP_URL is set. */
export async function createPasswordResetForMember(owner: Pick<Principal, "teamId" | "email">, userId: string, portalUrl: string) {
  const member = isUuid(userId) ? await prisma.membership.findUnique({ where: { teamId_userId: { teamId: owner.teamId, userId } }, select: { user: { select: { email: true } } } }) : null;
  if (!member) throw notFound("Member");
  const reset = await issueReset(userId, portalUrl);
  const mail = await sendMail({ to: member.user.email, subject: "Reset your Slipway password", text: `${owner.email} created a password reset link for you. It works once, within ${RESET_HOURS} hours:\n${reset.url}\n` });
  return { ...reset, mail };
}

/** Self-service reset request: mails a link when SMTP_URL is set and the account exists; says nothing either way. */
export async function requestPasswordReset(email: string, portalUrl: string): Promise<"sent" | "not_configured"> {
  if (!getConfig().SMTP_URL) return "not_configured";
  const user = await prisma.user.findUnique({ where: { email }, select: { id: true, deletedAt: true } });
  if (user && !user.deletedAt) {
    const reset = await issueReset(user.id, portalUrl);
    await sendMail({ to: email, subject: "Reset your Slipway password", text: `Someone asked to reset your password. If it was you, this link works once, within ${RESET_HOURS} hours:\n${reset.url}\n` });
  }
  return "sent";
}

/** Sets a new password with the link's secret and spends it; every session ends. */
export async function usePasswordReset(secret: string, password: string): Promise<void> {
  if (!secret.startsWith(PREFIX) || secret.length > 100) throw notFound("Password reset link");
  const passwordHash = await hashPassword(password);
  await prisma.$transaction(async (tx) => {
    const reset = await tx.passwordReset.findUnique({ where: { tokenHash: hashTokenSecret(secret) } });
    if (!reset) throw notFound("Password reset link");
    if (reset.usedAt) throw new AppError("conflict", "This reset link was already used. Ask for a new one.");
    if (reset.expiresAt <= new Date()) throw new AppError("conflict", "This reset link has expired. Ask for a new one.");
    const { count } = await tx.passwordReset.updateMany({ where: { id: reset.id, usedAt: null }, data: { usedAt: new Date() } });
    if (count !== 1) throw new AppError("conflict", "This reset link was already used. Ask for a new one.");
    const user = await tx.user.update({ where: { id: reset.userId }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { id: true, email: true } });
    await recordAccountEvent(tx, user, "account.password_reset_used");
  });
}
