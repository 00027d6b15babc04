/**
 * Slows down repeated failed sign-ins for one e-mail. The count lives in Postgres so
 * the limit holds across app instances. After FREE_FAILURES failures within the window,
 * each further failure locks the e-mail for twice as long as the last, up to MAX_LOCK.
 */
import { prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

const FREE_FAILURES = 5;
const WINDOW_SECONDS = 15 * 60;
const BASE_LOCK_SECONDS = 30;
const MAX_LOCK_SECONDS = 15 * 60;

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Throws `rate_limited` (with retryAfter) while the e-mail is locked. */
export async function assertSignInAllowed(email: string, now = new Date()): Promise<void> {
  const row = await prisma.signInThrottle.findUnique({ where: { email: normaliseEmail(email) } });
  if (row?.lockedUntil && row.lockedUntil > now) {
    const retryAfter = Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new AppError("rate_limited", `Too many failed sign-ins for this e-mail. Try again in ${retryAfter} seconds.`, { retryAfter });
  }
}

/** Counts one failure atomically (one upsert statement, safe across instances). */
export async function recordSignInFailure(email: string): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO "SignInThrottle" (email, failures, "windowStart", "lockedUntil")
    VALUES (${normaliseEmail(email)}, 1, now(), NULL)
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
export async function clearSignInFailures(email: string): Promise<void> {
  await prisma.signInThrottle.deleteMany({ where: { email: normaliseEmail(email) } });
}
