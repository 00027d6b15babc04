import { describe, expect, it } from "vitest";
import { buildImagesApiPath, buildImagesPageHref, decodeSegments, parseImagesApiPath, parseImagesPagePath } from "./image-paths";

const DIGEST = "sha256:5861314d7fccb39c2192173240eab44fa35ca66426201ca2acd0630a6258dd51";

describe("parseImagesApiPath", () => {
  it("reads a tags list, with slashes in the repository", () => {
    expect(parseImagesApiPath(["api", "tags"])).toEqual({ kind: "tags", repo: "api" });
    expect(parseImagesApiPath(["team", "api", "worker", "tags"])).toEqual({ kind: "tags", repo: "team/api/worker" });
  });

  it("reads a manifest by tag or by digest", () => {
    expect(parseImagesApiPath(["api", "manifests", "v1.2.0"])).toEqual({ kind: "manifest", repo: "api", reference: "v1.2.0" });
    expect(parseImagesApiPath(["a", "b", "manifests", DIGEST])).toEqual({ kind: "manifest", repo: "a/b", reference: DIGEST });
  });

  it("lets a trailing tags segment win, so a repository named …/manifests keeps its tags list", () => {
    expect(parseImagesApiPath(["x", "manifests", "tags"])).toEqual({ kind: "tags", repo: "x/manifests" });
  });

  it("refuses shapes and names that are not valid", () => {
    expect(parseImagesApiPath(["tags"])).toBeNull();
    expect(parseImagesApiPath(["api"])).toBeNull();
    expect(parseImagesApiPath(["api", "manifests"])).toBeNull();
    expect(parseImagesApiPath(["Api", "tags"])).toBeNull();
    expect(parseImagesApiPath(["api", "manifests", "-bad"])).toBeNull();
    expect(parseImagesApiPath(["..", "tags"])).toBeNull();
  });
});

describe("parseImagesPagePath", () => {
  it("reads a repository and an optional tag or digest after '-'", () => {
    expect(parseImagesPagePath(["team", "api"])).toEqual({ repo: "team/api", reference: null });
    expect(parseImagesPagePath(["team", "api", "-", "latest"])).toEqual({ repo: "team/api", reference: "latest" });
    expect(parseImagesPagePath(["api", "-", DIGEST])).toEqual({ repo: "api", reference: DIGEST });
  });

  it("refuses a separator without a repository or reference, and extra segments", () => {
    expect(parseImagesPagePath(["-", "latest"])).toBeNull();
    expect(parseImagesPagePath(["api", "-"])).toBeNull();
    expect(parseImagesPagePath(["api", "-", "latest", "more"])).toBeNull();
    expect(parseImagesPagePath(["api", "-", "not a tag"])).toBeNull();
    expect(parseImagesPagePath([])).toBeNull();
  });
});

describe("image hrefs", () => {
  it("build paths the parsers read back", () => {
    expect(buildImagesPageHref("acme", "team/api", "v1")).toBe("/apps/acme/images/team/api/-/v1");
    expect(buildImagesPageHref("acme", "team/api")).toBe("/apps/acme/images/team/api");
    expect(buildImagesApiPath("acme", "team/api")).toBe("/apps/acme/images/team/api/tags");
    expect(buildImagesApiPath("acme", "team/api", DIGEST)).toBe(`/apps/acme/images/team/api/manifests/${encodeURIComponent(DIGEST)}`);
    const segments = buildImagesPageHref("acme", "team/api", DIGEST).split("/").slice(4).map(decodeURIComponent);
    expect(parseImagesPagePath(segments)).toEqual({ repo: "team/api", reference: DIGEST });
  });
});

describe("decodeSegments", () => {
  it("decodes once-encoded segments and leaves decoded or malformed ones alone", () => {
    expect(decodeSegments(["sha256%3Aabc", "sha256:abc", "100%"])).toEqual(["sha256:abc", "sha256:abc", "100%"]);
  });
});
