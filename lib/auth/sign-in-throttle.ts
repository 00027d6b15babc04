/**
 * Slows down repeated failed sign-ins. The count lives in Postgres so the limit holds
 * across app instances. After FREE_FAILURES failures within the window, each further
 * failure locks the key for twice as long as the last, up to MAX_LOCK. A key is a
 * client address plus an e-mail for passwords (keyed by e-mail alone, anyone who knew a
 * CI account's e-mail could lock it out from anywhere), and `license@<client address>`
 * for license attempts (a license guess names no account, so the address is what can be
 * slowed down). Tokens are never throttled: they are random enough that guessing them
 * needs no brake, and a valid one must keep working whatever others try.
 */
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

const FREE_FAILURES = 5;
const WINDOW_SECONDS = 15 * 60;
const BASE_LOCK_SECONDS = 30;
const MAX_LOCK_SECONDS = 15 * 60;

/** The form a key is stored under (the table's `email` column): what a statement must look up. */
export function normaliseKey(key: string): string {
  return key.trim().toLowerCase();
}

/** The throttle key for password attempts at one e-mail from one client address. */
export function passwordThrottleKey(email: string, clientAddress: string): string {
  return `${clientAddress}|${email}`;
}

/** The throttle key for license attempts from one client address. */
export function licenseThrottleKey(clientAddress: string): string {
  return `license@${clientAddress}`;
}

/**
 * Throws `rate_limited` (with retryAfter) while the key is locked; `subject` names what is
 * locked in the message ("this e-mail", "this address"). Resolves true when the key has
 * failures on record (a success then has something to clear).
 */
export async function assertSignInAllowed(key: string, now = new Date(), subject = "this e-mail"): Promise<boolean> {
  const row = await prisma.signInThrottle.findUnique({ where: { email: normaliseKey(key) } });
  assertNotLocked(row?.lockedUntil ?? null, now, subject);
  return row !== null;
}

/** assertSignInAllowed's verdict on a lock already read (by a statement that reads more than the throttle). */
export function assertNotLocked(lockedUntil: Date | null, now: Date, subject: string): void {
  if (lockedUntil && lockedUntil > now) {
    const retryAfter = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
    throw new AppError("rate_limited", `Too many failed sign-ins for ${subject}. Try again in ${retryAfter} seconds.`, { retryAfter });
  }
}

/** Counts one failure atomically (one upsert statement, safe across instances). */
export async function recordSignInFailure(key: string): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "SignInThrottle" (email, failures, "windowStart", "lockedUntil")
    VALUES (${normaliseKey(key)}, 1, now(), NULL)
    ON CONFLICT (email) DO UPDATE SET
      failures = CASE WHEN "SignInThrottle"."windowStart" < now() - make_interval(secs => ${WINDOW_SECONDS})
                      THEN 1 ELSE "SignInThrottle".failures + 1 END,
      "windowStart" = CASE WHEN "SignInThrottle"."windowStart" < now() - make_interval(secs => ${WINDOW_SECONDS})
                      THEN now() ELSE "SignInThrottle"."windowStart" END,
      "lockedUntil" = CASE
        WHEN "SignInThrottle"."windowStart" >= now() - make_interval(secs => ${WINDOW_SECONDS})
         AND "SignInThrottle".failures + 1 > ${FREE_FAILURES}
        THEN now() + make_interval(secs => LEAST(${MAX_LOCK_SECONDS}::float8,
               ${BASE_LOCK_SECONDS}::float8 * power(2, "SignInThrottle".failures - ${FREE_FAILURES})))
        ELSE NULL END`;
}

/** Forgets the failures after a successful sign-in. */
export async function clearSignInFailures(key: string): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { email: normaliseKey(key) } });
}

const AUDIT_GATE_PREFIX = "audit:";

/**
 * True at most once per `windowSeconds` for a key, across instances (one upsert that
 * only moves the window when it has passed): lets the audit log record failed sign-ins
 * without an attacker flooding it. Its rows share the throttle's table under `audit:`.
 */
export async function claimAuditSlot(key: string, windowSeconds = 60): Promise<boolean> {
  const rows = await prisma.$queryRaw<{ email: string }[]>`
    INSERT INTO "SignInThrottle" (email, failures, "windowStart", "lockedUntil")
    VALUES (${AUDIT_GATE_PREFIX + normaliseKey(key)}, 0, now(), NULL)
    ON CONFLICT (email) DO UPDATE SET "windowStart" = now()
      WHERE "SignInThrottle"."windowStart" <= now() - make_interval(secs => ${windowSeconds})
    RETURNING email`;
  return rows.length > 0;
}
