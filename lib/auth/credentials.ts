/**
 * Checks an e-mail and a secret (the account password or a personal access token), as
 * the sign-in form, `POST /api/v1/tokens` and the registry's token endpoint need.
 * Password failures are throttled per client address and e-mail; tokens never are, so
 * wrong passwords typed by someone else cannot lock a valid token out.
 */
import { getConfig } from "@/lib/config";
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { buildPersonPrincipal } from "@/lib/teams/memberships";
import { burnPasswordCheck, verifyPassword } from "./password";
import type { Principal } from "./principal";
import { createRecentPasswordChecks, type RecentPasswordChecks } from "./recent-password-checks";
import { assertSignInAllowed, clearSignInFailures, passwordThrottleKey, recordSignInFailure } from "./sign-in-throttle";
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
 * null when they are wrong. Throws `rate_limited` while passwords for the e-mail from
 * `clientAddress` are locked after repeated failures, and `unauthorized` for a right
 * password of an account with two-factor on (it must use a token). `allowToken: false`
 * accepts only the password.
 */
export async function verifyCredentials(
  email: string,
  secret: string,
  options: { allowToken?: boolean; clientAddress?: string } = {},
): Promise<Principal | null> {
  const normalised = email.trim().toLowerCase();
  if ((options.allowToken ?? true) && looksLikeToken(secret)) {
    const principal = await findPrincipalByToken(secret);
    return principal && principal.kind === "person" && principal.email === normalised ? principal : null;
  }
  const key = passwordThrottleKey(normalised, options.clientAddress ?? "unknown");
  const hasFailures = await assertSignInAllowed(key, undefined, THROTTLED_SUBJECT);
  const principal = await checkPassword(normalised, secret);
  if (principal) {
    // Most sign-ins have nothing on record: no statement (a failure racing in expires with its window).
    if (hasFailures) await clearSignInFailures(key);
    return principal;
  }
  await recordSignInFailure(key);
  return null;
}

/** The person for an e-mail and password (the browser sign-in form), throttled like every password; null when wrong. */
export async function verifyPasswordSignIn(email: string, password: string, clientAddress = "unknown"): Promise<PasswordUser | null> {
  const normalised = email.trim().toLowerCase();
  const key = passwordThrottleKey(normalised, clientAddress);
  const hasFailures = await assertSignInAllowed(key, undefined, THROTTLED_SUBJECT);
  const user = await findUserByPassword(normalised, password);
  if (user && hasFailures) await clearSignInFailures(key);
  else await recordSignInFailure(key);
  return user;
}

const THROTTLED_SUBJECT = "this e-mail from your address";

let recentChecks: RecentPasswordChecks | undefined;

async function findUserByPassword(email: string, password: string): Promise<PasswordUser | null> {
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user || user.deletedAt) {
    await burnPasswordCheck(password);
    return null;
  }
  recentChecks ??= createRecentPasswordChecks(getConfig().PASSWORD_CHECK_CACHE);
  if (recentChecks.has(user.passwordHash, password)) return user;
  if (!(await verifyPassword(user.passwordHash, password))) return null;
  recentChecks.remember(user.passwordHash, password);
  return user;
}

async function checkPassword(email: string, secret: string): Promise<Principal | null> {
  const user = await findUserByPassword(email, secret);
  if (!user) return null;
  // A password alone would step around the second factor: with two-factor on, scripts and docker use a token.
  if (user.totpEnabledAt) throw new AppError("unauthorized", TWO_FACTOR_NEEDS_TOKEN);
  return buildPersonPrincipal(user, "password");
}

export const TWO_FACTOR_NEEDS_TOKEN = "Two-factor authentication is on for this account: log in with a personal access token instead of the password.";
