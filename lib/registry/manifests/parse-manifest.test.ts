import { describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { RegistryError } from "@/lib/registry/errors";
import {
  MAX_MANIFEST_BYTES,
  listBlobReferences,
  listChildManifests,
  parseManifest,
  resolveArtifactType,
} from "@/lib/registry/manifests/parse-manifest";
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX, OCI_MANIFEST } from "@/lib/registry/manifests/media-types";

const config = { mediaType: "application/vnd.oci.image.config.v1+json", digest: computeDigest("config"), size: 6 };
const layer = { mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: computeDigest("layer"), size: 5 };

function body(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function errorOf(run: () => unknown): RegistryError {
  try {
    run();
  } catch (error) {
    if (error instanceof RegistryError) return error;
    throw error;
  }
  throw new Error("expected a RegistryError");
}

describe("parseManifest", () => {
  it("reads an OCI image manifest with its config, layers, subject and annotations", () => {
    const subject = { mediaType: OCI_MANIFEST, digest: computeDigest("subject"), size: 10 };
    const parsed = parseManifest(
      body({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [layer], subject, annotations: { a: "b" } }),
      OCI_MANIFEST,
    );
    expect(parsed).toMatchObject({ kind: "image", mediaType: OCI_MANIFEST, config, layers: [layer], subject, annotations: { a: "b" } });
    expect(listBlobReferences(parsed)).toEqual([config, layer]);
    expect(resolveArtifactType(parsed)).toBe(config.mediaType);
  });

  it("reads indexes and Docker manifest lists, listing children", () => {
    const child = { mediaType: DOCKER_MANIFEST, digest: computeDigest("child"), size: 3, platform: { os: "linux", architecture: "arm64", variant: "v8" } };
    const list = parseManifest(body({ schemaVersion: 2, mediaType: DOCKER_MANIFEST_LIST, manifests: [child] }), DOCKER_MANIFEST_LIST);
    expect(list.kind).toBe("index");
    expect(listChildManifests(list)).toEqual([child]);
    expect(listBlobReferences(list)).toEqual([]);
    const index = parseManifest(body({ schemaVersion: 2, artifactType: "application/x.sbom", manifests: [] }), OCI_INDEX);
    expect(resolveArtifactType(index)).toBe("application/x.sbom");
  });

  it("prefers the manifest's artifactType over its config type", () => {
    const parsed = parseManifest(body({ schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: "application/vnd.example.sig", config, layers: [] }));
    expect(resolveArtifactType(parsed)).toBe("application/vnd.example.sig");
  });

  it("infers the type of an OCI manifest without mediaType from Content-Type, then from its shape", () => {
    expect(parseManifest(body({ schemaVersion: 2, config, layers: [] }), `${OCI_MANIFEST}; charset=utf-8`).mediaType).toBe(OCI_MANIFEST);
    expect(parseManifest(body({ schemaVersion: 2, manifests: [] }), "application/json").mediaType).toBe(OCI_INDEX);
    expect(parseManifest(body({ schemaVersion: 2, config }), undefined).layers).toEqual([]);
  });

  it("refuses a Content-Type that contradicts the manifest's mediaType", () => {
    expect(errorOf(() => parseManifest(body({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [] }), OCI_INDEX)).message).toMatch(/does not match/);
  });

  it("skips foreign layers served from urls when listing required blobs", () => {
    const foreign = { mediaType: "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", digest: computeDigest("win"), size: 3, urls: ["https://example.com/x"] };
    const parsed = parseManifest(body({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config, layers: [foreign, layer] }));
    expect(listBlobReferences(parsed)).toEqual([config, layer]);
  });

  it.each([
    ["not JSON", Buffer.from("blablabla"), /not JSON/],
    ["an array", body([1]), /not a JSON object/],
    ["schema version 1", body({ schemaVersion: 1, config, layers: [] }), /schemaVersion/],
    ["an unknown media type", body({ schemaVersion: 2, mediaType: "application/vnd.oci.empty.v1+json", config, layers: [] }), /unsupported manifest media type/],
    ["a missing config", body({ schemaVersion: 2, mediaType: OCI_MANIFEST, layers: [] }), /config must be a descriptor/],
    ["a bad layer digest", body({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [{ ...layer, digest: "sha256:nope" }] }), /layers\[0\]\.digest/],
    ["a negative size", body({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { ...config, size: -1 }, layers: [] }), /config\.size/],
    ["a Docker manifest without layers", body({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config }), /layers is required/],
    ["an index without manifests", body({ schemaVersion: 2, mediaType: OCI_INDEX }), /manifests is required/],
    ["non-string annotations", body({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [], annotations: { a: 1 } }), /annotations/],
  ])("refuses %s with MANIFEST_INVALID", (_label, payload, reason) => {
    const error = errorOf(() => parseManifest(payload));
    expect(error.code).toBe("MANIFEST_INVALID");
    expect(error.status).toBe(400);
    expect(error.message).toMatch(reason);
  });

  it("refuses manifests over 4 MiB with 413", () => {
    const error = errorOf(() => parseManifest(Buffer.alloc(MAX_MANIFEST_BYTES + 1, 32)));
    expect(error.code).toBe("MANIFEST_INVALID");
    expect(error.status).toBe(413);
  });
});
