/**
 * Checks an e-mail and a secret (the account password or a personal access token), as
 * the sign-in form, `POST /api/v1/tokens` and the registry's token endpoint need.
 * Password failures are throttled per client address and e-mail; tokens never are, so
 * wrong passwords typed by someone else cannot lock a valid token out.
 */
import { getConfig } from "@/lib/config";
import { Prisma, prisma } from "@/lib/db/client";
import { queryRows } from "@/lib/db/sql";
import { AppError } from "@/lib/errors";
import { toPersonPrincipal } from "@/lib/teams/memberships";
import { burnPasswordCheck, verifyPassword } from "./password";
import type { Principal } from "./principal";
import type { Role } from "./roles";
import { createRecentPasswordChecks, type RecentPasswordChecks } from "./recent-password-checks";
import { assertNotLocked, clearSignInFailures, normaliseKey, passwordThrottleKey, recordSignInFailure } from "./sign-in-throttle";
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
  const { hasFailures, user, firstMembership } = await readPasswordSignIn(normalised, key);
  const principal = checkPassword(await matchPassword(user, secret), firstMembership);
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

interface PasswordSignIn {
  /** Failures are on record for the throttle key (a success then has something to clear). */
  hasFailures: boolean;
  user: UserRow | null;
  /** The account's first team (oldest membership, as buildPersonPrincipal picks it): a password acts there. */
  firstMembership: { teamId: string; role: Role } | null;
}

type PasswordSignInRow = { hasFailures: boolean; lockedUntil: Date | null; teamId: string | null; role: Role | null } & { [K in keyof UserRow]: UserRow[K] | null };

/**
 * The throttle's verdict (throws `rate_limited` while locked), the account's row and its
 * first team, in one statement: every docker, podman and skopeo login sends the password
 * to the token endpoint, and three statements through Prisma were 3.8 ms of the token's
 * 4.3 (bench:registry, 2026-12-03). The row and the team are only used once the throttle
 * let the attempt through and the password matched.
 */
async function readPasswordSignIn(email: string, key: string): Promise<PasswordSignIn> {
  const [row] = await queryRows<PasswordSignInRow>(
    prisma,
    Prisma.sql`
      SELECT t.email IS NOT NULL AS "hasFailures", t."lockedUntil",
        u.id::text AS id, u.email, u.name, u."sessionVersion", u."totpEnabledAt", u."totpSecret", u."passwordHash", u."deletedAt",
        m."teamId"::text AS "teamId", m.role::text AS role
      FROM (SELECT 1) one
      LEFT JOIN "SignInThrottle" t ON t.email = ${normaliseKey(key)}
      LEFT JOIN "User" u ON u.email = ${email}
      LEFT JOIN LATERAL (
        SELECT "teamId", role FROM "Membership" WHERE "userId" = u.id ORDER BY "createdAt", "teamId" LIMIT 1
      ) m ON true`,
  );
  const { hasFailures, lockedUntil, teamId, role, ...user } = row;
  assertNotLocked(lockedUntil, new Date(), THROTTLED_SUBJECT);
  return { hasFailures, user: user.id === null ? null : (user as UserRow), firstMembership: teamId && role ? { teamId, role } : null };
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

function checkPassword(user: PasswordUser | null, firstMembership: PasswordSignIn["firstMembership"]): Principal | null {
  if (!user) return null;
  // A password alone would step around the second factor: with two-factor on, scripts and docker use a token.
  if (user.totpEnabledAt) throw new AppError("unauthorized", TWO_FACTOR_NEEDS_TOKEN);
  return toPersonPrincipal(user, firstMembership, "password");
}

export const TWO_FACTOR_NEEDS_TOKEN = "Two-factor authentication is on for this account: log in with a personal access token instead of the password.";
