/**
 * A license ID as a credential: at the registry's token endpoint (as username and
 * password), as the bearer of the install-YAML download, and re-checked while a
 * registry token issued for it is still alive. One lookup on the unique index decides;
 * a rotated ID (kept in RevokedLicense) and an archived customer answer "license
 * revoked", an expired license names its expiry date, and unknown IDs count as failed
 * attempts against the caller's address (lib/auth/sign-in-throttle).
 */
import { assertNotLocked, assertSignInAllowed, licenseThrottleKey, normaliseKey, recordSignInFailure } from "@/lib/auth/sign-in-throttle";
import { Prisma, prisma } from "@/lib/db/client";
import { queryRows } from "@/lib/db/sql";
import { unauthorized } from "@/lib/errors";
import { fingerprintLicenseId, looksLikeLicenseId } from "./license-id";

/** What every surface answers for a rotated license ID or an archived customer. */
export const LICENSE_REVOKED_MESSAGE = "license revoked: the vendor rotated this license ID or archived the customer";
/** What the bearer surfaces answer for an ID that is not a license. */
export const UNKNOWN_LICENSE_MESSAGE = "incorrect license ID";

const THROTTLED_SUBJECT = "this address";

/** The customer a valid license ID belongs to: what a registry token and the pull ledger need. */
export interface LicenseHolder {
  customerId: string;
  customerName: string;
  appId: string;
  appSlug: string;
  /** fingerprintLicenseId of the ID used, so a later rotation is noticed. */
  licenseFingerprint: string;
}

/** The message for a license whose expiry has passed, naming the date (ISO, UTC). */
export function describeExpiredLicense(expiresAt: Date): string {
  return `license expired on ${expiresAt.toISOString().slice(0, 10)}`;
}

/** Why a customer's license does not work at `now` (archived, expired), or null when it does. */
export function explainLicenseRefusal(customer: { archivedAt: Date | null; expiresAt: Date | null }, now: Date): string | null {
  if (customer.archivedAt) return LICENSE_REVOKED_MESSAGE;
  if (customer.expiresAt && customer.expiresAt <= now) return describeExpiredLicense(customer.expiresAt);
  return null;
}

type LicenseLookup = { holder: LicenseHolder } | { refusal: string } | null;

interface LicenseSignInRow {
  customerId: string | null;
  customerName: string | null;
  appId: string | null;
  appSlug: string | null;
  archivedAt: Date | null;
  expiresAt: Date | null;
  isRevoked: boolean;
  lockedUntil: Date | null;
}

/**
 * The customer holding `licenseId` (or whether it is a rotated one) and the address's
 * throttle, in one statement: a customer's every pull starts at the token endpoint, and
 * the two Prisma reads one after the other were most of its time.
 */
async function readLicenseSignIn(licenseId: string, throttleKey: string): Promise<LicenseSignInRow> {
  const [row] = await queryRows<LicenseSignInRow>(
    prisma,
    Prisma.sql`
      SELECT c.id::text AS "customerId", c.name AS "customerName", c."appId"::text AS "appId", a.slug AS "appSlug",
        c."archivedAt", c."expiresAt",
        c.id IS NULL AND EXISTS (SELECT 1 FROM "RevokedLicense" WHERE "licenseId" = ${licenseId}) AS "isRevoked",
        t."lockedUntil"
      FROM (SELECT 1) one
      LEFT JOIN "Customer" c ON c."licenseId" = ${licenseId}
      LEFT JOIN "App" a ON a.id = c."appId"
      LEFT JOIN "SignInThrottle" t ON t.email = ${normaliseKey(throttleKey)}`,
  );
  return row!;
}

function toLicenseLookup(licenseId: string, row: LicenseSignInRow, now: Date): LicenseLookup {
  if (row.customerId === null) return row.isRevoked ? { refusal: LICENSE_REVOKED_MESSAGE } : null;
  const refusal = explainLicenseRefusal(row, now);
  if (refusal) return { refusal };
  const holder = { customerId: row.customerId, customerName: row.customerName!, appId: row.appId!, appSlug: row.appSlug!, licenseFingerprint: fingerprintLicenseId(licenseId) };
  return { holder };
}

/**
 * The holder of `licenseId`, or null when no license has that ID. Throws `unauthorized`
 * with the revoked/expired message, and `rate_limited` while the address is locked.
 * `countUnknown: false` leaves an unknown ID uncounted, for a caller that tries another
 * kind of credential next (which throttles on its own). Successes never clear the count:
 * one valid license must not reset the counter for guesses made beside it.
 */
export async function authenticateLicense(licenseId: string, clientAddress: string, options: { countUnknown?: boolean } = {}): Promise<LicenseHolder | null> {
  const now = new Date();
  const countUnknown = options.countUnknown ?? true;
  const key = licenseThrottleKey(clientAddress);
  if (!looksLikeLicenseId(licenseId)) {
    if (!countUnknown) return null;
    await assertSignInAllowed(key, now, THROTTLED_SUBJECT);
    await recordSignInFailure(key);
    return null;
  }
  const row = await readLicenseSignIn(licenseId, key);
  const lookup = toLicenseLookup(licenseId, row, now);
  if (!lookup && !countUnknown) return null;
  // Checked for every answer, so a locked address cannot tell a right guess from a wrong one.
  assertNotLocked(row.lockedUntil, now, THROTTLED_SUBJECT);
  if (!lookup) {
    await recordSignInFailure(key);
    return null;
  }
  if ("refusal" in lookup) throw unauthorized(lookup.refusal);
  return lookup.holder;
}

/**
 * For surfaces that take the license ID as a bearer token (`GET /api/v1/license/...`):
 * the holder, or `unauthorized` (unknown, revoked, expired) / `rate_limited`, with the
 * registry's messages.
 */
export async function authenticateLicenseBearer(licenseId: string, clientAddress: string): Promise<LicenseHolder> {
  const holder = await authenticateLicense(licenseId, clientAddress);
  if (!holder) throw unauthorized(UNKNOWN_LICENSE_MESSAGE);
  return holder;
}

/**
 * Whether a license a registry token was issued for still works: null when it does, else
 * the refusal (revoked when the customer is gone, archived or its ID was rotated since).
 */
export async function checkLicenseStanding(customerId: string, licenseFingerprint: string, now = new Date()): Promise<string | null> {
  const customer = await prisma.customer.findUnique({ where: { id: customerId }, select: { licenseId: true, archivedAt: true, expiresAt: true } });
  if (!customer || fingerprintLicenseId(customer.licenseId) !== licenseFingerprint) return LICENSE_REVOKED_MESSAGE;
  return explainLicenseRefusal(customer, now);
}
