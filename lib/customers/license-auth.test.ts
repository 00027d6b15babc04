import { describe, expect, it } from "vitest";
import { describeExpiredLicense, explainLicenseRefusal, LICENSE_REVOKED_MESSAGE } from "./license-auth";

const now = new Date("2026-06-15T12:00:00Z");

describe("license refusals", () => {
  it("accepts a current license, with or without an expiry", () => {
    expect(explainLicenseRefusal({ archivedAt: null, expiresAt: null }, now)).toBeNull();
    expect(explainLicenseRefusal({ archivedAt: null, expiresAt: new Date("2026-06-15T12:00:01Z") }, now)).toBeNull();
  });

  it("names the expiry date once it has passed", () => {
    expect(explainLicenseRefusal({ archivedAt: null, expiresAt: new Date("2026-03-01T00:00:00Z") }, now)).toBe("license expired on 2026-03-01");
    expect(explainLicenseRefusal({ archivedAt: null, expiresAt: now }, now)).toBe(describeExpiredLicense(now));
  });

  it("calls an archived customer's license revoked, even when it has also expired", () => {
    expect(explainLicenseRefusal({ archivedAt: now, expiresAt: new Date("2020-01-01T00:00:00Z") }, now)).toBe(LICENSE_REVOKED_MESSAGE);
    expect(LICENSE_REVOKED_MESSAGE).toMatch(/^license revoked/);
  });
});
