import { describe, expect, it } from "vitest";
import { resolveReturnPath, resolveSameOriginUrl } from "./safe-redirect";

const PORTAL = "https://portal.example.com";

describe("resolveReturnPath", () => {
  it("keeps same-origin paths with their query and fragment", () => {
    expect(resolveReturnPath("/apps/shop/images?tab=tags#x", PORTAL)).toBe("/apps/shop/images?tab=tags#x");
    expect(resolveReturnPath("/invitations/inv_abc", null)).toBe("/invitations/inv_abc");
    expect(resolveReturnPath("https://portal.example.com/tokens?a=1", PORTAL)).toBe("/tokens?a=1");
  });

  it("refuses every way of naming another host", () => {
    // What the query string decodes `/%5Cevil`, `/%09/evil` and `/%0A/evil` to.
    for (const target of [
      "/\\evil.example/x",
      "/\t/evil.example/x",
      "/\n/evil.example/x",
      "/\r\n/evil.example",
      "\\\\evil.example",
      "//evil.example/x",
      "https://evil.example/apps",
      "http://portal.example.com/apps",
      "https://portal.example.com.evil.example/",
      "javascript:alert(1)",
      "data:text/html,hi",
      "https://user@evil.example",
    ]) {
      expect(resolveReturnPath(target, PORTAL), JSON.stringify(target)).toBe("/apps");
    }
  });

  it("never returns a path a browser would read as a host", () => {
    expect(resolveReturnPath("https://portal.example.com//evil.example/x", PORTAL)).toBe("/evil.example/x");
    expect(resolveReturnPath("/.//evil.example", PORTAL)).toBe("/evil.example");
    for (const target of ["/%5Cevil.example", "/%2F/evil.example", "apps"]) expect(resolveReturnPath(target, PORTAL).startsWith("//")).toBe(false);
  });

  it("falls back for nothing at all", () => {
    expect(resolveReturnPath(undefined, PORTAL)).toBe("/apps");
    expect(resolveReturnPath("", PORTAL, "/home")).toBe("/home");
  });
});

describe("resolveSameOriginUrl", () => {
  it("answers next-auth with an absolute URL on the portal only", () => {
    expect(resolveSameOriginUrl("/sign-in", PORTAL)).toBe("https://portal.example.com/sign-in");
    expect(resolveSameOriginUrl("/\\evil.example", PORTAL)).toBe("https://portal.example.com/apps");
    expect(resolveSameOriginUrl("https://evil.example/", PORTAL)).toBe("https://portal.example.com/apps");
  });
});
