import { describe, expect, it } from "vitest";
import { OCI_INDEX, OCI_MANIFEST, isAcceptable, stripMediaTypeParameters } from "@/lib/registry/manifests/media-types";

describe("isAcceptable", () => {
  it("accepts anything when the client sends no Accept", () => {
    expect(isAcceptable(undefined, OCI_INDEX)).toBe(true);
    expect(isAcceptable("", OCI_INDEX)).toBe(true);
  });

  it("matches exact types, wildcards and repeated headers", () => {
    expect(isAcceptable(`${OCI_MANIFEST}, application/vnd.docker.distribution.manifest.v2+json`, OCI_MANIFEST)).toBe(true);
    expect(isAcceptable(OCI_MANIFEST, OCI_INDEX)).toBe(false);
    expect(isAcceptable("*/*", OCI_INDEX)).toBe(true);
    expect(isAcceptable("application/*;q=0.5", OCI_INDEX)).toBe(true);
    expect(isAcceptable(["text/plain", OCI_INDEX], OCI_INDEX)).toBe(true);
  });

  it("treats q=0 as a refusal", () => {
    expect(isAcceptable(`${OCI_INDEX};q=0`, OCI_INDEX)).toBe(false);
  });
});

describe("stripMediaTypeParameters", () => {
  it("drops parameters and case", () => {
    expect(stripMediaTypeParameters("Application/JSON; charset=utf-8")).toBe("application/json");
    expect(stripMediaTypeParameters(undefined)).toBeNull();
    expect(stripMediaTypeParameters(" ")).toBeNull();
  });
});
