import { describe, expect, it } from "vitest";
import { collectReleaseSources } from "./collect-release-sources";
import { GUESTBOOK } from "./test-fixtures";

describe("collectReleaseSources", () => {
  it("lists the distinct sources of the images: entries in order", () => {
    expect(collectReleaseSources(GUESTBOOK)).toEqual(["replicated", "mythirdpartyprivateregistry", "public"]);
  });

  it("reads only the first images: document, wherever it is in the stream", () => {
    const release = "apiVersion: v1\nkind: ConfigMap\n---\nimages:\n  - {source: quay, name: a, tag: '1'}\n  - {source: 3}\n---\nimages:\n  - {source: other}\n";
    expect(collectReleaseSources(release)).toEqual(["quay"]);
  });

  it("returns nothing for releases without images:, with syntax errors, or too large", () => {
    expect(collectReleaseSources("apiVersion: v1\nkind: Pod\n")).toEqual([]);
    expect(collectReleaseSources("images: [{source: quay\n")).toEqual([]);
    expect(collectReleaseSources(`images: [{source: quay}]\n# ${"x".repeat(1024 * 1024)}`)).toEqual([]);
  });
});
