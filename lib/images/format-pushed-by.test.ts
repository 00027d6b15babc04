import { describe, expect, it } from "vitest";
import { formatPushedBy } from "./format-pushed-by";
import { buildPullReferences } from "./pull-references";

describe("formatPushedBy", () => {
  it("names tokens as tokens and keeps e-mails", () => {
    expect(formatPushedBy("token:ci deploy")).toBe("ci deploy (token)");
    expect(formatPushedBy("jane@example.com")).toBe("jane@example.com");
    expect(formatPushedBy(null)).toBe("—");
  });
});

describe("buildPullReferences", () => {
  it("gives the digest form always and the tag form when there is a tag", () => {
    expect(buildPullReferences("localhost:3000", "acme/api", "sha256:abc", "v1")).toEqual({
      byDigest: "localhost:3000/acme/api@sha256:abc",
      byTag: "localhost:3000/acme/api:v1",
    });
    expect(buildPullReferences("r.example.com", "acme/api", "sha256:abc", null).byTag).toBeNull();
  });
});
