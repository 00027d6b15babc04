/**
 * Checks an e-mail and a secret (the account password or a personal access token), as
 * the sign-in form, `POST /api/v1/tokens` and the registry's token endpoint need.
 * Failures are throttled per e-mail.
 */
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { buildPersonPrincipal } from "@/lib/teams/memberships";
import { burnPasswordCheck, verifyPassword } from "./password";
import type { Principal } from "./principal";
import { assertSignInAllowed, clearSignInFailures, recordSignInFailure } from "./sign-in-throttle";
import { findPrincipalByToken } from "./access-tokens";
import { looksLikeToken } from "./token-secret";

export interface PasswordUser {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
  totpEnabledAt: Date | null;
  totpSecret: string | null;
}

/**
 * The principal for these credentials (a password acts in the person's first team), or
 * null when they are wrong. Throws `rate_limited` while the e-mail is locked after
 * repeated failures, and `unauthorized` for a right password of an account with
 * two-factor on (it must use a token). `allowToken: false` accepts only the password.
 */
export async function verifyCredentials(
  email: string,
  secret: string,
  options: { allowToken?: boolean } = {},
): Promise<Principal | null> {
  const normalised = email.trim().toLowerCase();
  await assertSignInAllowed(normalised);
  const principal = await checkSecret(normalised, secret, options.allowToken ?? true);
  if (principal) {
    await clearSignInFailures(normalised);
    return principal;
  }
  await recordSignInFailure(normalised);
  return null;
}

/** The person for an e-mail and password (the browser sign-in form), throttled like every sign-in; null when wrong. */
export async function verifyPasswordSignIn(email: string, password: string): Promise<PasswordUser | null> {
  const normalised = email.trim().toLowerCase();
  await assertSignInAllowed(normalised);
  const user = await findUserByPassword(normalised, password);
  if (user) await clearSignInFailures(normalised);
  else await recordSignInFailure(normalised);
  return user;
}

async function findUserByPassword(email: string, password: string): Promise<PasswordUser | null> {
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user || user.deletedAt) {
    await burnPasswordCheck(password);
    return null;
  }
  return (await verifyPassword(user.passwordHash, password)) ? user : null;
}

async function checkSecret(email: string, secret: string, allowToken: boolean): Promise<Principal | null> {
  if (allowToken && looksLikeToken(secret)) {
    const principal = await findPrincipalByToken(secret);
    return principal && principal.kind === "person" && principal.email === email ? principal : null;
  }
  const user = await findUserByPassword(email, secret);
  if (!user) return null;
  // A password alone would step around the second factor: with two-factor on, scripts and docker use a token.
  if (user.totpEnabledAt) throw new AppError("unauthorized", TWO_FACTOR_NEEDS_TOKEN);
  return buildPersonPrincipal(user, "password");
}

export const TWO_FACTOR_NEEDS_TOKEN = "Two-factor authentication is on for this account: log in with a personal access token instead of the password.";
