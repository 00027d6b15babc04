import { describe, expect, it } from "vitest";
import { DEFAULT_GC_GRACE_MS, parseGcGrace, resolveGcGraceMs } from "@/lib/registry/gc/gc-grace";

describe("REGISTRY_GC_GRACE", () => {
  it("accepts seconds, minutes, hours and days", () => {
    expect(parseGcGrace("0s")).toBe(0);
    expect(parseGcGrace("90s")).toBe(90_000);
    expect(parseGcGrace("30m")).toBe(1_800_000);
    expect(parseGcGrace(" 24H ")).toBe(86_400_000);
    expect(parseGcGrace("7d")).toBe(7 * 86_400_000);
  });

  it("defaults to 24h and names the variable when the value has no unit or a wrong one", () => {
    expect(resolveGcGraceMs({})).toBe(DEFAULT_GC_GRACE_MS);
    expect(resolveGcGraceMs({ REGISTRY_GC_GRACE: "2h" })).toBe(7_200_000);
    expect(() => resolveGcGraceMs({ REGISTRY_GC_GRACE: "24" })).toThrow(/REGISTRY_GC_GRACE must be a number with a unit/);
    expect(() => resolveGcGraceMs({ REGISTRY_GC_GRACE: "1w" })).toThrow(/REGISTRY_GC_GRACE/);
    expect(() => resolveGcGraceMs({ REGISTRY_GC_GRACE: "-1h" })).toThrow(/REGISTRY_GC_GRACE/);
  });
});
