/**
 * License IDs: 32 base62 characters (about 190 bits), URL-safe, with no prefix so a
 * customer can type one as both the registry username and password. Stored in the
 * clear, because the vendor team reads them back; only the vendor's team sees them.
 */
import { createHash } from "node:crypto";
import { generateBase62 } from "@/lib/auth/token-secret";

export const LICENSE_ID_LENGTH = 32;
const LICENSE_ID_PATTERN = /^[0-9A-Za-z]{32}$/;

/** A new random license ID. */
export function generateLicenseId(): string {
  return generateBase62(LICENSE_ID_LENGTH);
}

/** True when the string has the shape of a license ID (cheap check before a query). */
export function looksLikeLicenseId(value: string): boolean {
  return LICENSE_ID_PATTERN.test(value);
}

/**
 * A short one-way fingerprint of a license ID, carried in registry tokens so a rotation
 * is noticed without putting the ID itself in a token that clients may log.
 */
export function fingerprintLicenseId(licenseId: string): string {
  return createHash("sha256").update("slipway license\u0000").update(licenseId).digest("base64url").slice(0, 16);
}
