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
  const { hasFailures, user } = await readPasswordSignIn(normalised, key);
  const principal = await checkPassword(await matchPassword(user, secret));
  if (!principal) {
    await recordSignInFailure(key);
    return null;
  }
  // Most sign-ins have nothing on record: no statement (a failure racing in expires with its window).
  if (hasFailures) await clearSignInFailures(key);
  return principal;
}

/** The person for an e-mail and password (the browser sign-in form), throttled like every password; null when wrong. */
export async function verifyPasswordSignIn(email: string, password: string, clientAddress = "unknown"): Promise<PasswordUser | null> {
  const normalised = email.trim().toLowerCase();
  const key = passwordThrottleKey(normalised, clientAddress);
  const { hasFailures, user } = await readPasswordSignIn(normalised, key);
  const matched = await matchPassword(user, password);
  if (!matched) await recordSignInFailure(key);
  else if (hasFailures) await clearSignInFailures(key);
  return matched;
}

const THROTTLED_SUBJECT = "this e-mail from your address";

type UserRow = PasswordUser & { passwordHash: string; deletedAt: Date | null };

/**
 * The throttle's verdict (throws `rate_limited` while locked; true when failures are on
 * record) and the account's row, read side by side: the row is only used once the
 * throttle let the attempt through.
 */
async function readPasswordSignIn(email: string, key: string): Promise<{ hasFailures: boolean; user: UserRow | null }> {
  const [hasFailures, user] = await Promise.all([assertSignInAllowed(key, undefined, THROTTLED_SUBJECT), prisma.user.findUnique({ where: { email } })]);
  return { hasFailures, user };
}

let recentChecks: RecentPasswordChecks | undefined;

/** The user when `password` is theirs; an unknown or deleted account costs the same argon2id check. */
async function matchPassword(user: UserRow | null, password: string): Promise<PasswordUser | null> {
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

async function checkPassword(user: PasswordUser | null): Promise<Principal | null> {
  if (!user) return null;
  // A password alone would step around the second factor: with two-factor on, scripts and docker use a token.
  if (user.totpEnabledAt) throw new AppError("unauthorized", TWO_FACTOR_NEEDS_TOKEN);
  return buildPersonPrincipal(user, "password");
}

export const TWO_FACTOR_NEEDS_TOKEN = "Two-factor authentication is on for this account: log in with a personal access token instead of the password.";
