import { describe, expect, it } from "vitest";
import { DEFAULT_PROXY_TAG_TTL_SECONDS, resolveProxyTagTtlSeconds } from "./proxy-tag-ttl";

describe("resolveProxyTagTtlSeconds", () => {
  it("defaults to 60 s and reads whole seconds, 0 included", () => {
    expect(resolveProxyTagTtlSeconds({})).toBe(DEFAULT_PROXY_TAG_TTL_SECONDS);
    expect(resolveProxyTagTtlSeconds({ PROXY_TAG_TTL: " 1 " })).toBe(1);
    expect(resolveProxyTagTtlSeconds({ PROXY_TAG_TTL: "0" })).toBe(0);
  });

  it("refuses anything else with a message naming the variable", () => {
    for (const value of ["1.5", "-1", "ten", "999999999"]) expect(() => resolveProxyTagTtlSeconds({ PROXY_TAG_TTL: value })).toThrow(/PROXY_TAG_TTL/);
  });
});
