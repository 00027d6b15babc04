import { describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { OCI_INDEX, OCI_MANIFEST } from "@/lib/registry/manifests/media-types";
import { parseManifestReference, parsePushReference, prepareManifest } from "@/lib/registry/manifests/prepare-manifest";

const config = { mediaType: "application/vnd.oci.image.config.v1+json", digest: computeDigest("config"), size: 6 };
const layer = { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: computeDigest("layer"), size: 5 };
const image = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [layer, { ...layer }] }));

describe("parseManifestReference", () => {
  it("tells digests from tags and refuses unsupported digests", () => {
    expect(parseManifestReference(config.digest)).toMatchObject({ digest: config.digest, parsed: { algorithm: "sha256" } });
    expect(parseManifestReference("v1.2")).toEqual({ tag: "v1.2" });
    expect(parseManifestReference("-bad")).toBeNull();
    expect(() => parseManifestReference(`md5:${"a".repeat(32)}`)).toThrow(expect.objectContaining({ code: "DIGEST_INVALID" }));
  });
  it("explains an invalid tag of a push", () => {
    expect(() => parsePushReference("-bad")).toThrow(expect.objectContaining({ code: "MANIFEST_INVALID", message: expect.stringMatching(/invalid tag "-bad"/) }));
  });
});

describe("prepareManifest", () => {
  it("digests a tagged push with sha256 and lists each reference once", () => {
    const prepared = prepareManifest(image, OCI_MANIFEST, "latest");
    expect(prepared).toMatchObject({ body: image, digest: computeDigest(image), tag: "latest", manifest: { kind: "image" } });
    expect(prepared.references).toEqual([
      { digest: config.digest, isManifest: false },
      { digest: layer.digest, isManifest: false },
    ]);
  });
  it("uses the digest reference's algorithm and refuses bytes that do not match it", () => {
    const sha512 = computeDigest(image, "sha512");
    expect(prepareManifest(image, undefined, sha512)).toMatchObject({ digest: sha512, tag: null });
    expect(() => prepareManifest(image, undefined, computeDigest("other"))).toThrow(expect.objectContaining({ code: "DIGEST_INVALID" }));
  });
  it("marks an index's children as manifests", () => {
    const child = { mediaType: OCI_MANIFEST, digest: computeDigest(image), size: image.length };
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [child] }));
    expect(prepareManifest(index, OCI_INDEX, parsePushReference("multi")).references).toEqual([{ digest: child.digest, isManifest: true }]);
  });
  it("refuses what parseManifest refuses", () => {
    expect(() => prepareManifest(Buffer.from("{}"), undefined, "latest")).toThrow(expect.objectContaining({ code: "MANIFEST_INVALID" }));
  });
});
