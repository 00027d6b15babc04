import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { effectiveQuota, resolveQuotaSettings } from "./quota-settings";

const GiB = 1024 ** 3;

describe("resolveQuotaSettings", () => {
  it("has the documented defaults", () => {
    expect(resolveQuotaSettings(parseConfig({}))).toEqual({
      teamStorageQuota: 20 * GiB,
      maxBlobSize: 10 * GiB,
      minFreeSpace: GiB,
      maxUploadSessionsPerUser: 50,
      maxUploadSessionsPerApp: 200,
    });
  });

  it("reads sizes with units, 0 for unlimited, and counts", () => {
    const config = parseConfig({ TEAM_STORAGE_QUOTA: "0", REGISTRY_MAX_BLOB_SIZE: "512MiB", MIN_FREE_SPACE: "2GiB", MAX_UPLOAD_SESSIONS_PER_USER: "5" });
    expect(resolveQuotaSettings(config)).toMatchObject({ teamStorageQuota: 0, maxBlobSize: 512 * 1024 ** 2, minFreeSpace: 2 * GiB, maxUploadSessionsPerUser: 5 });
  });

  it("names the variable that does not parse", () => {
    expect(() => parseConfig({ TEAM_STORAGE_QUOTA: "lots" })).toThrow(/TEAM_STORAGE_QUOTA must be a size such as 20GiB/);
    expect(() => parseConfig({ MAX_UPLOAD_SESSIONS_PER_USER: "0" })).toThrow(/MAX_UPLOAD_SESSIONS_PER_USER must be a whole number/);
  });
});

describe("effectiveQuota", () => {
  it("prefers the team's own quota, including 0 (unlimited), over the default", () => {
    expect(effectiveQuota(null, { teamStorageQuota: 5 })).toBe(5);
    expect(effectiveQuota(7n, { teamStorageQuota: 5 })).toBe(7);
    expect(effectiveQuota(0n, { teamStorageQuota: 5 })).toBe(0);
  });
});
