import { describe, expect, it } from "vitest";
import buildxIndex from "./fixtures/buildx-index.json";
import { describeIndexChildren, formatPlatform } from "./platforms";

const AMD64 = "sha256:5861314d7fccb39c2192173240eab44fa35ca66426201ca2acd0630a6258dd51";
const ARM64 = "sha256:f69162950f235e3cdbbad33f1f912d1a504be90d8a37d002c735d6f3e3882265";
const OCI = "application/vnd.oci.image.manifest.v1+json";

describe("formatPlatform", () => {
  it("joins os, architecture and an optional variant", () => {
    expect(formatPlatform({ os: "linux", architecture: "amd64" })).toBe("linux/amd64");
    expect(formatPlatform({ os: "linux", architecture: "arm", variant: "v7" })).toBe("linux/arm/v7");
    expect(formatPlatform({ os: "windows", architecture: "amd64", variant: "" })).toBe("windows/amd64");
  });

  it("gives null for buildx's unknown/unknown placeholder and for incomplete or junk platforms", () => {
    expect(formatPlatform({ os: "unknown", architecture: "unknown" })).toBeNull();
    expect(formatPlatform({ os: "linux" })).toBeNull();
    expect(formatPlatform({ os: 1, architecture: ["amd64"] })).toBeNull();
    expect(formatPlatform(null)).toBeNull();
    expect(formatPlatform(undefined)).toBeNull();
  });
});

describe("describeIndexChildren", () => {
  it("attributes buildx attestations to the platform they describe", () => {
    expect(describeIndexChildren(buildxIndex)).toEqual([
      { digest: AMD64, size: 1053, mediaType: OCI, platform: "linux/amd64" },
      { digest: ARM64, size: 1053, mediaType: OCI, platform: "linux/arm64" },
      { digest: "sha256:9c6bd5496b74c574d1efe05bb58297d3de62c21f0d778ec2d05d2b2b81fe4eaf", size: 839, mediaType: OCI, platform: "linux/amd64", attestationFor: AMD64 },
      { digest: "sha256:7a5534a3f42a4adb02016ec0e3730ff5c51a54f2889eefb653b7f8de6774dedd", size: 839, mediaType: OCI, platform: "linux/arm64", attestationFor: ARM64 },
    ]);
  });

  it("never reports unknown/unknown, even when the attested child is missing", () => {
    const orphan = {
      manifests: [
        {
          mediaType: OCI,
          digest: "sha256:aaaa",
          size: 10,
          platform: { os: "unknown", architecture: "unknown" },
          annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": "sha256:gone" },
        },
        { mediaType: OCI, digest: "sha256:bbbb", size: 10, platform: { os: "unknown", architecture: "unknown" } },
      ],
    };
    const children = describeIndexChildren(orphan);
    expect(children.map((child) => child.platform)).toEqual([null, null]);
    expect(children[0].attestationFor).toBe("sha256:gone");
    expect(children[1]).not.toHaveProperty("attestationFor");
  });

  it("finds the attested platform wherever the child sits in the list", () => {
    const reordered = { manifests: [...buildxIndex.manifests].reverse() };
    expect(describeIndexChildren(reordered).map((child) => child.platform)).toEqual(["linux/arm64", "linux/amd64", "linux/arm64", "linux/amd64"]);
  });

  it("accepts a JSON string and tolerates junk entries and fields", () => {
    const index = JSON.stringify({ manifests: [null, "x", { digest: 5 }, { digest: "sha256:cc", size: -1, mediaType: 3, platform: "linux/amd64" }] });
    expect(describeIndexChildren(index)).toEqual([{ digest: "sha256:cc", size: null, mediaType: null, platform: null }]);
  });

  it("returns an empty list for anything that is not an index", () => {
    for (const junk of [undefined, null, 42, "{", "[]", { manifests: "nope" }, []]) {
      expect(describeIndexChildren(junk)).toEqual([]);
    }
  });
});
