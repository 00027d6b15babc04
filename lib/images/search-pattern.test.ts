import { describe, expect, it } from "vitest";
import { buildContainsPattern } from "./search-pattern";

describe("buildContainsPattern", () => {
  it("wraps the trimmed text in wildcards", () => {
    expect(buildContainsPattern("  api ")).toBe("%api%");
  });

  it("escapes LIKE's wildcards and the escape character itself", () => {
    expect(buildContainsPattern("v1_0%")).toBe("%v1\\_0\\%%");
    expect(buildContainsPattern("a\\b")).toBe("%a\\\\b%");
  });

  it("gives null for no search", () => {
    expect(buildContainsPattern("   ")).toBeNull();
    expect(buildContainsPattern(undefined)).toBeNull();
  });
});
