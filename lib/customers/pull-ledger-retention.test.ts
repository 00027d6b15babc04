import { describe, expect, it } from "vitest";
import { computePullRetentionCutoff, DEFAULT_PULL_RETENTION_DAYS, resolvePullRetentionDays } from "./pull-ledger-retention";

describe("pull ledger retention", () => {
  it("defaults to 90 days and reads LICENSE_PULL_RETENTION_DAYS", () => {
    expect(resolvePullRetentionDays({})).toBe(DEFAULT_PULL_RETENTION_DAYS);
    expect(resolvePullRetentionDays({ LICENSE_PULL_RETENTION_DAYS: " " })).toBe(90);
    expect(resolvePullRetentionDays({ LICENSE_PULL_RETENTION_DAYS: "30" })).toBe(30);
  });

  it("refuses what is not a whole number of days", () => {
    for (const value of ["0", "-1", "1.5", "ninety", "36501"]) {
      expect(() => resolvePullRetentionDays({ LICENSE_PULL_RETENTION_DAYS: value }), value).toThrow(/LICENSE_PULL_RETENTION_DAYS/);
    }
  });

  it("keeps rows newer than the cutoff", () => {
    expect(computePullRetentionCutoff(new Date("2026-04-01T00:00:00Z"), 31).toISOString()).toBe("2026-03-01T00:00:00.000Z");
  });
});
