import { describe, expect, it } from "vitest";
import { classifyManifest, readManifestFacts } from "./describe-media-type";
import buildxAttestation from "./fixtures/buildx-attestation-manifest.json";
import buildxIndex from "./fixtures/buildx-index.json";
import cosignSignature from "./fixtures/cosign-signature-manifest.json";
import dockerManifest from "./fixtures/docker-schema2-manifest.json";
import helmChart from "./fixtures/helm-chart-manifest.json";
import ociArtifact from "./fixtures/oci-artifact-manifest.json";

const classifyJson = (json: unknown, contentType?: string) => classifyManifest(readManifestFacts(json, contentType));

describe("classifyManifest on real manifests", () => {
  it("recognises a buildx index", () => {
    expect(classifyJson(buildxIndex)).toEqual({ kind: "index", label: "Multi-platform index" });
  });

  it("recognises a Helm chart even though helm leaves mediaType out of the body", () => {
    expect(helmChart).not.toHaveProperty("mediaType");
    expect(classifyJson(helmChart)).toEqual({ kind: "helm-chart", label: "Helm chart" });
  });

  it("recognises a cosign signature, whose config still claims to be an image config", () => {
    expect(classifyJson(cosignSignature)).toEqual({ kind: "signature", label: "Signature (cosign)" });
  });

  it("shows an OCI 1.1 artifact's artifactType", () => {
    expect(classifyJson(ociArtifact)).toEqual({ kind: "artifact", label: "Artifact (application/vnd.acme.rocket.docs.v1+json)" });
  });

  it("recognises a Docker schema 2 image", () => {
    expect(classifyJson(dockerManifest)).toEqual({ kind: "image", label: "Image (Docker format)" });
  });

  it("names both predicates of a buildx attestation manifest", () => {
    expect(classifyJson(buildxAttestation)).toEqual({ kind: "attestation", label: "Attestation (SPDX SBOM, SLSA provenance)" });
  });

  it("accepts the manifest as a JSON string and prefers the stored content type", () => {
    expect(classifyJson(JSON.stringify(dockerManifest))).toEqual({ kind: "image", label: "Image (Docker format)" });
    expect(classifyJson({ schemaVersion: 2, manifests: [] }, "application/vnd.docker.distribution.manifest.list.v2+json")).toEqual({
      kind: "index",
      label: "Multi-platform index (Docker manifest list)",
    });
  });

  it("guesses an index from a body with manifests and no media type", () => {
    expect(classifyJson({ schemaVersion: 2, manifests: [] }).kind).toBe("index");
  });
});

describe("classifyManifest on facts", () => {
  const OCI = "application/vnd.oci.image.manifest.v1+json";

  it("treats a plain OCI manifest with an image config as an image", () => {
    expect(classifyManifest({ mediaType: OCI, configMediaType: "application/vnd.oci.image.config.v1+json" })).toEqual({ kind: "image", label: "Image" });
  });

  it("recognises Notation signatures by artifactType or (older notation) config type", () => {
    const expected = { kind: "signature", label: "Signature (Notation)" };
    expect(classifyManifest({ mediaType: OCI, artifactType: "application/vnd.cncf.notary.signature", configMediaType: "application/vnd.oci.empty.v1+json" })).toEqual(expected);
    expect(classifyManifest({ mediaType: OCI, configMediaType: "application/vnd.cncf.notary.signature" })).toEqual(expected);
  });

  it("treats a sigstore bundle as a signature unless its predicate is an attestation", () => {
    const bundle = "application/vnd.dev.sigstore.bundle.v0.3+json";
    expect(classifyManifest({ mediaType: OCI, artifactType: bundle, layers: [{ mediaType: bundle }] })).toEqual({ kind: "signature", label: "Signature (Sigstore bundle)" });
    const signed = { mediaType: bundle, annotations: { "dev.sigstore.bundle.predicateType": "https://sigstore.dev/cosign/sign/v1" } };
    expect(classifyManifest({ mediaType: OCI, artifactType: bundle, layers: [signed] }).kind).toBe("signature");
    const sbom = { mediaType: bundle, annotations: { "dev.sigstore.bundle.predicateType": "https://cyclonedx.org/bom" } };
    expect(classifyManifest({ mediaType: OCI, artifactType: bundle, layers: [sbom] })).toEqual({ kind: "sbom", label: "SBOM (CycloneDX)" });
  });

  it("classifies in-toto and DSSE layers by predicate", () => {
    const inToto = (predicate: string) => ({ mediaType: "application/vnd.in-toto+json", annotations: { "in-toto.io/predicate-type": predicate } });
    expect(classifyManifest({ mediaType: OCI, layers: [inToto("https://spdx.dev/Document")] })).toEqual({ kind: "sbom", label: "SBOM (SPDX)" });
    expect(classifyManifest({ mediaType: OCI, layers: [inToto("https://slsa.dev/provenance/v1")] })).toEqual({ kind: "attestation", label: "Attestation (SLSA provenance)" });
    const dsse = { mediaType: "application/vnd.dsse.envelope.v1+json", annotations: { predicateType: "https://example.com/custom/v1" } };
    expect(classifyManifest({ mediaType: OCI, layers: [dsse] })).toEqual({ kind: "attestation", label: "Attestation (https://example.com/custom/v1)" });
    expect(classifyManifest({ mediaType: OCI, layers: [{ mediaType: "application/vnd.in-toto+json" }] })).toEqual({ kind: "attestation", label: "Attestation" });
  });

  it("treats an entry buildx marks as attestation-manifest as an attestation", () => {
    const facts = { mediaType: OCI, configMediaType: "application/vnd.oci.image.config.v1+json", annotations: { "vnd.docker.reference.type": "attestation-manifest" } };
    expect(classifyManifest(facts).kind).toBe("attestation");
  });

  it("recognises SBOM documents attached as layers", () => {
    expect(classifyManifest({ mediaType: OCI, layers: [{ mediaType: "text/spdx+json" }] })).toEqual({ kind: "sbom", label: "SBOM (SPDX)" });
    expect(classifyManifest({ mediaType: OCI, artifactType: "application/vnd.cyclonedx+json" })).toEqual({ kind: "sbom", label: "SBOM (CycloneDX)" });
  });

  it("labels OCI 1.0-style artifacts by config type, and empty-config artifacts by their one layer type", () => {
    expect(classifyManifest({ mediaType: OCI, configMediaType: "application/vnd.wasm.config.v0+json" })).toEqual({ kind: "artifact", label: "Artifact (application/vnd.wasm.config.v0+json)" });
    const emptyConfig = { mediaType: OCI, configMediaType: "application/vnd.oci.empty.v1+json" };
    expect(classifyManifest({ ...emptyConfig, layers: [{ mediaType: "text/plain" }] })).toEqual({ kind: "artifact", label: "Artifact (text/plain)" });
    expect(classifyManifest({ ...emptyConfig, layers: [{ mediaType: "text/plain" }, { mediaType: "image/png" }] })).toEqual({ kind: "artifact", label: "Artifact" });
  });

  it("labels unknown manifest media types and Docker schema 1", () => {
    expect(classifyManifest({ mediaType: "application/x-something" })).toEqual({ kind: "artifact", label: "Artifact (application/x-something)" });
    expect(classifyManifest({ mediaType: "application/vnd.docker.distribution.manifest.v1+prettyjws" }).kind).toBe("image");
  });
});

describe("readManifestFacts", () => {
  it("never throws on junk and keeps what it can", () => {
    expect(readManifestFacts("{not json")).toEqual({ mediaType: undefined, artifactType: undefined, configMediaType: undefined, layers: [], annotations: {} });
    expect(readManifestFacts(null).layers).toEqual([]);
    expect(readManifestFacts({ layers: [null, 3, { mediaType: 7 }, { mediaType: "a/b", annotations: { k: "v", n: 1 } }], config: "x" })).toEqual({
      mediaType: undefined,
      artifactType: undefined,
      configMediaType: undefined,
      layers: [
        { mediaType: undefined, annotations: {} },
        { mediaType: undefined, annotations: {} },
        { mediaType: undefined, annotations: {} },
        { mediaType: "a/b", annotations: { k: "v" } },
      ],
      annotations: {},
    });
  });

  it("reads bytes", () => {
    expect(readManifestFacts(new TextEncoder().encode(JSON.stringify(helmChart))).configMediaType).toBe("application/vnd.cncf.helm.config.v1+json");
  });
});
