import { describe, expect, it } from "vitest";
import { deriveSlug, explainSlug, RESERVED_SLUGS } from "./slug";

describe("deriveSlug", () => {
  it.each([
    ["My App", "my-app"],
    ["  Billing   Service  ", "billing-service"],
    ["API v2.0 (beta)", "api-v2-0-beta"],
    ["Café Crème", "cafe-creme"],
    ["Straße Ærø Łódź", "strasse-aero-lodz"],
    ["--already--slugged--", "already-slugged"],
    ["日本語アプリ", ""],
    ["Ünïcödé 🚀 Rocket", "unicode-rocket"],
  ])("%j -> %j", (name, slug) => {
    expect(deriveSlug(name)).toBe(slug);
  });

  it("cuts long names at 40 characters without a trailing hyphen", () => {
    const slug = deriveSlug("a".repeat(39) + " b c d");
    expect(slug).toBe("a".repeat(39));
    expect(explainSlug(deriveSlug("word ".repeat(20)))).toBeNull();
  });
});

describe("explainSlug", () => {
  it("accepts valid slugs at both length limits", () => {
    expect(explainSlug("ab")).toBeNull();
    expect(explainSlug("a".repeat(40))).toBeNull();
    expect(explainSlug("my-app-2")).toBeNull();
  });

  it("refuses lengths outside 2..40", () => {
    expect(explainSlug("a")).toMatch(/at least 2/);
    expect(explainSlug("a".repeat(41))).toMatch(/at most 40/);
  });

  it.each(RESERVED_SLUGS)("refuses the reserved slug %s", (slug) => {
    expect(explainSlug(slug)).toMatch(/reserved/);
  });

  it.each(["My-App", "my--app", "-app", "app-", "my_app", "my.app", "my app", "ápp"])("refuses %j", (slug) => {
    expect(explainSlug(slug)).not.toBeNull();
  });
});
