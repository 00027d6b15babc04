import { describe, expect, it } from "vitest";
import buildxIndex from "./describe/fixtures/buildx-index.json";
import cosignSignature from "./describe/fixtures/cosign-signature-manifest.json";
import helmChart from "./describe/fixtures/helm-chart-manifest.json";
import { describeStoredManifest, needsContentToDescribe } from "./describe-stored-manifest";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

const imageSummary = { kind: "image", configMediaType: IMAGE_CONFIG, layerCount: 2, platform: { os: "linux", architecture: "arm64", variant: "v8" } };
const buildxSummary = {
  kind: "index",
  manifests: buildxIndex.manifests.map((child) => ({
    digest: child.digest,
    mediaType: child.mediaType,
    size: child.size,
    platform: child.platform,
    isAttestation: child.annotations?.["vnd.docker.reference.type"] === "attestation-manifest",
  })),
};

describe("describeStoredManifest from the summary", () => {
  it("describes an image with its platform", () => {
    expect(describeStoredManifest({ mediaType: OCI_MANIFEST, artifactType: null, summary: imageSummary })).toEqual({
      kind: "image",
      label: "Image",
      platforms: [{ name: "linux/arm64/v8", isAttested: false }],
      attestationCount: 0,
    });
  });

  it("lists an index's platforms without the unknown/unknown attestation entries", () => {
    const described = describeStoredManifest({ mediaType: OCI_INDEX, artifactType: null, summary: buildxSummary });
    expect(described.kind).toBe("index");
    expect(described.platforms.map((platform) => platform.name)).toEqual(["linux/amd64", "linux/arm64"]);
    expect(described.attestationCount).toBe(2);
    expect(JSON.stringify(described)).not.toContain("unknown");
  });

  it("recognises a Helm chart by its config media type", () => {
    const summary = { kind: "image", configMediaType: "application/vnd.cncf.helm.config.v1+json", layerCount: 1 };
    expect(describeStoredManifest({ mediaType: OCI_MANIFEST, artifactType: null, summary })).toMatchObject({ kind: "helm-chart", label: "Helm chart", platforms: [] });
  });

  it("uses the row's artifactType for OCI 1.1 artifacts such as Notation signatures", () => {
    const summary = { kind: "image", configMediaType: "application/vnd.oci.empty.v1+json", layerCount: 1 };
    expect(describeStoredManifest({ mediaType: OCI_MANIFEST, artifactType: "application/vnd.cncf.notary.signature", summary }).kind).toBe("signature");
  });

  it("survives a junk summary", () => {
    expect(describeStoredManifest({ mediaType: OCI_MANIFEST, artifactType: null, summary: "nonsense" })).toMatchObject({ kind: "image", platforms: [] });
  });
});

describe("describeStoredManifest from the bytes", () => {
  it("attributes buildx attestations to the platform they describe", () => {
    const described = describeStoredManifest({ mediaType: OCI_INDEX, artifactType: null, summary: buildxSummary, content: bytes(buildxIndex) });
    expect(described.platforms).toEqual([
      { name: "linux/amd64", isAttested: true },
      { name: "linux/arm64", isAttested: true },
    ]);
    expect(described.attestationCount).toBe(2);
  });

  it("tells a cosign signature from an image by its layers", () => {
    const summary = { kind: "image", configMediaType: IMAGE_CONFIG, layerCount: 1, platform: { os: "", architecture: "" } };
    const described = describeStoredManifest({ mediaType: OCI_MANIFEST, artifactType: null, summary, content: bytes(cosignSignature) });
    expect(described).toMatchObject({ kind: "signature", label: "Signature (cosign)", platforms: [] });
  });

  it("describes a row without a summary from its bytes", () => {
    expect(describeStoredManifest({ mediaType: OCI_MANIFEST, artifactType: null, summary: null, content: bytes(helmChart) }).kind).toBe("helm-chart");
  });
});

describe("needsContentToDescribe", () => {
  it("is false when the summary suffices", () => {
    expect(needsContentToDescribe({ mediaType: OCI_MANIFEST, artifactType: null, summary: imageSummary })).toBe(false);
    const plainIndex = { kind: "index", manifests: [buildxSummary.manifests[0], buildxSummary.manifests[1]] };
    expect(needsContentToDescribe({ mediaType: OCI_INDEX, artifactType: null, summary: plainIndex })).toBe(false);
    const helm = { kind: "image", configMediaType: "application/vnd.cncf.helm.config.v1+json", layerCount: 1 };
    expect(needsContentToDescribe({ mediaType: OCI_MANIFEST, artifactType: null, summary: helm })).toBe(false);
  });

  it("is true without a summary, for indexes with attestations and for images without a platform", () => {
    expect(needsContentToDescribe({ mediaType: OCI_MANIFEST, artifactType: null, summary: null })).toBe(true);
    expect(needsContentToDescribe({ mediaType: OCI_INDEX, artifactType: null, summary: buildxSummary })).toBe(true);
    const signatureLike = { kind: "image", configMediaType: IMAGE_CONFIG, layerCount: 1, platform: { os: "", architecture: "" } };
    expect(needsContentToDescribe({ mediaType: OCI_MANIFEST, artifactType: null, summary: signatureLike })).toBe(true);
  });
});
