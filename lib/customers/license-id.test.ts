import { describe, expect, it } from "vitest";
import { looksLikeToken } from "@/lib/auth/token-secret";
import { fingerprintLicenseId, generateLicenseId, LICENSE_ID_LENGTH, looksLikeLicenseId } from "./license-id";

describe("license IDs", () => {
  it("are 32 URL-safe characters, at least 128 bits of randomness, and never repeat", () => {
    const ids = new Set(Array.from({ length: 2000 }, generateLicenseId));
    expect(ids.size).toBe(2000);
    for (const id of ids) {
      expect(id).toHaveLength(LICENSE_ID_LENGTH);
      expect(encodeURIComponent(id)).toBe(id);
      expect(looksLikeLicenseId(id)).toBe(true);
      expect(looksLikeToken(id)).toBe(false);
    }
    expect(LICENSE_ID_LENGTH * Math.log2(62)).toBeGreaterThan(128);
  });

  it("uses every base62 character about equally often", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) for (const c of generateLicenseId()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (2000 * LICENSE_ID_LENGTH) / 62;
    for (const count of counts.values()) expect(Math.abs(count - expected)).toBeLessThan(expected * 0.25);
  });

  it("recognises only the shape of a license ID", () => {
    expect(looksLikeLicenseId("a".repeat(31))).toBe(false);
    expect(looksLikeLicenseId(`${"a".repeat(31)}-`)).toBe(false);
    expect(looksLikeLicenseId("slw_" + "a".repeat(28))).toBe(false);
  });

  it("fingerprints differ per ID and do not contain it", () => {
    const id = generateLicenseId();
    expect(fingerprintLicenseId(id)).toBe(fingerprintLicenseId(id));
    expect(fingerprintLicenseId(id)).not.toBe(fingerprintLicenseId(generateLicenseId()));
    expect(id).not.toContain(fingerprintLicenseId(id));
  });
});
