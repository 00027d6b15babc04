/**
 * Optional two-factor sign-in with TOTP (RFC 6238, 30-second steps, 6 digits, via
 * otplib) and one-time recovery codes. Enrolment is two steps: a secret is stored
 * sealed (SECRETS_KEY, the user id as associated data) but inactive, and becomes active
 * only when a code computed from it is confirmed, so a half-finished enrolment never
 * locks anyone out. Recovery codes are shown once; only their SHA-256 is stored, and
 * using one marks it used in the same statement that checks it (a code works once even
 * when two sign-ins race). Registry and API tokens never ask for a second factor.
 */
import { createHash } from "node:crypto";
import { generate, generateSecret, generateURI, verify } from "otplib";
import { loadServerSecrets } from "@/lib/config/secrets";
import { prisma } from "@/lib/db/client";
import { decryptSecret, encryptSecret } from "@/lib/external/secret-box";
import { AppError, invalidInput } from "@/lib/errors";
import { recordAccountEvent } from "./account";
import { verifyPassword } from "./password";
import { generateBase62 } from "./token-secret";

export { SECOND_FACTOR_REQUIRED } from "./second-factor-message";
const ISSUER = "Slipway";
const RECOVERY_CODE_COUNT = 10;
/** One step either side: a phone clock 30 s off still works. */
const EPOCH_TOLERANCE_SECONDS = 30;

function associatedData(userId: string): string {
  return `slipway totp v1 ${userId}`;
}

function sealTotpSecret(secret: string, userId: string): string {
  return encryptSecret(secret, loadServerSecrets().secretsKey, associatedData(userId));
}

function openTotpSecret(sealed: string, userId: string): string {
  return decryptSecret(sealed, loadServerSecrets().secretsKey, associatedData(userId));
}

/** Starts (or restarts) enrolment: a new inactive secret and the otpauth:// URI for an authenticator app. */
export async function startTotpEnrolment(userId: string): Promise<{ secret: string; uri: string }> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is already on. Turn it off first to enrol a new device.");
  const secret = generateSecret();
  await prisma.user.update({ where: { id: userId }, data: { totpSecret: sealTotpSecret(secret, userId) } });
  return { secret, uri: generateURI({ issuer: ISSUER, label: user.email, secret }) };
}

/** True when `code` is the current TOTP code (within one step) for the secret. */
export async function isValidTotpCode(secret: string, code: string): Promise<boolean> {
  if (!/^\d{6}$/.test(code)) return false;
  const result = await verify({ secret, token: code, epochTolerance: EPOCH_TOLERANCE_SECONDS });
  return result.valid;
}

/** The current code for a secret (tests and the enrolment check compute codes the same way an app does). */
export function computeTotpCode(secret: string): Promise<string> {
  return generate({ secret });
}

function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.replace(/[\s-]/g, "").toUpperCase(), "utf8").digest("hex");
}

/** Activates two-factor when `code` matches the pending secret; returns the recovery codes, shown once. */
export async function confirmTotpEnrolment(userId: string, code: string): Promise<{ recoveryCodes: string[] }> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { totpSecret: true, totpEnabledAt: true } });
  if (user.totpEnabledAt) throw new AppError("conflict", "Two-factor authentication is already on.");
  if (!user.totpSecret) throw new AppError("conflict", "Start enrolment first: no authenticator secret is waiting for confirmation.");
  if (!(await isValidTotpCode(openTotpSecret(user.totpSecret, userId), code.trim()))) {
    throw new AppError("invalid_input", "That code is not the current one. Check the time on your device and try again.", { details: [{ path: "code", issue: "wrong code" }] });
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = generateBase62(10).toUpperCase();
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await prisma.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: recoveryCodes.map((recovery) => ({ userId, codeHash: hashRecoveryCode(recovery) })) });
    const updated = await tx.user.update({ where: { id: userId }, data: { totpEnabledAt: new Date() }, select: { id: true, email: true } });
    await recordAccountEvent(tx, updated, "account.two_factor_enabled");
  });
  return { recoveryCodes };
}

/** Turns two-factor off (the password confirms it) and forgets the secret and recovery codes. */
export async function disableTotp(userId: string, password: string): Promise<void> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, password))) throw invalidInput("password", "is not your current password");
  await prisma.$transaction(async (tx) => {
    await tx.recoveryCode.deleteMany({ where: { userId } });
    const updated = await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null }, select: { id: true, email: true } });
    await recordAccountEvent(tx, updated, "account.two_factor_disabled");
  });
}

/**
 * The second-factor check at sign-in: "ok" when two-factor is off or the code (TOTP, or
 * an unused recovery code, which is used up) is right; "missing" without a code.
 */
export async function checkSecondFactor(user: { id: string; totpEnabledAt: Date | null; totpSecret: string | null }, code: string): Promise<"ok" | "missing" | "wrong"> {
  if (!user.totpEnabledAt || !user.totpSecret) return "ok";
  const entered = code.trim();
  if (!entered) return "missing";
  if (/^\d{6}$/.test(entered)) return (await isValidTotpCode(openTotpSecret(user.totpSecret, user.id), entered)) ? "ok" : "wrong";
  const { count } = await prisma.recoveryCode.updateMany({
    where: { userId: user.id, codeHash: hashRecoveryCode(entered), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1 ? "ok" : "wrong";
}
