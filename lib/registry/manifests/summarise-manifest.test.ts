import { describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { parseManifest } from "@/lib/registry/manifests/parse-manifest";
import { computeImageTotalSize, summariseImage, summariseIndex, summariseManifest } from "@/lib/registry/manifests/summarise-manifest";
import { OCI_INDEX, OCI_MANIFEST } from "@/lib/registry/manifests/media-types";

const config = { mediaType: "application/vnd.oci.image.config.v1+json", digest: computeDigest("c"), size: 100 };
const layers = [
  { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: computeDigest("l1"), size: 1000 },
  { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: computeDigest("l2"), size: 24 },
];
const image = parseManifest(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers })));

describe("summariseImage", () => {
  it("takes platform, creation time and run settings from the config", () => {
    const summary = summariseImage(image, {
      os: "linux",
      architecture: "arm",
      variant: "v7",
      created: "2024-01-02T03:04:05Z",
      config: { Entrypoint: ["/app"], Cmd: ["serve"], ExposedPorts: { "8080/tcp": {}, "443/tcp": {} }, Labels: { team: "web", bad: 3 } },
    });
    expect(summary).toEqual({
      kind: "image",
      configMediaType: config.mediaType,
      layerCount: 2,
      platform: { os: "linux", architecture: "arm", variant: "v7" },
      created: "2024-01-02T03:04:05Z",
      entrypoint: ["/app"],
      cmd: ["serve"],
      exposedPorts: ["443/tcp", "8080/tcp"],
      labels: { team: "web" },
    });
  });

  it("still summarises when the config was not read", () => {
    expect(summariseImage(image, null)).toEqual({ kind: "image", configMediaType: config.mediaType, layerCount: 2 });
  });

  it("reads the config with the images pages' reader: old images' container_config, ports by number", () => {
    const summary = summariseImage(image, JSON.stringify({ os: "linux", container_config: { Cmd: "/bin/sh", ExposedPorts: { "8080/tcp": {}, "53/udp": {} } } }));
    expect(summary).toMatchObject({ platform: { os: "linux" }, cmd: ["/bin/sh"], exposedPorts: ["53/udp", "8080/tcp"] });
  });

  it("adds config and layer sizes", () => {
    expect(computeImageTotalSize(image)).toBe(1124);
  });
});

describe("summariseIndex", () => {
  it("lists children with platforms and marks attestations", () => {
    const amd = { mediaType: OCI_MANIFEST, digest: computeDigest("amd"), size: 5, platform: { os: "linux", architecture: "amd64" } };
    const att = {
      mediaType: OCI_MANIFEST,
      digest: computeDigest("att"),
      size: 6,
      platform: { os: "unknown", architecture: "unknown" },
      annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": amd.digest },
    };
    const index = parseManifest(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [amd, att] })));
    expect(summariseIndex(index)).toEqual({
      kind: "index",
      manifests: [
        { digest: amd.digest, mediaType: OCI_MANIFEST, size: 5, platform: amd.platform, isAttestation: false },
        { digest: att.digest, mediaType: OCI_MANIFEST, size: 6, platform: att.platform, isAttestation: true },
      ],
    });
  });
});

describe("summariseManifest", () => {
  it("sums an image's content and an index's children's totals", () => {
    expect(summariseManifest(image, { config: null, childTotals: new Map() })).toEqual({ summary: summariseImage(image, null), totalSize: 1124 });
    const child = { mediaType: OCI_MANIFEST, digest: computeDigest("child"), size: 5 };
    const missing = { ...child, digest: computeDigest("missing") };
    const index = parseManifest(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [child, missing] })));
    expect(summariseManifest(index, { config: null, childTotals: new Map([[child.digest, 1124]]) })).toEqual({ summary: summariseIndex(index), totalSize: 1124 });
  });
});
