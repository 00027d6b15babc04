import { describe, expect, it } from "vitest";
import { describeLayerMediaType } from "./describe-layer";

describe("describeLayerMediaType", () => {
  it.each([
    ["application/vnd.oci.image.layer.v1.tar+gzip", "Layer (gzip)"],
    ["application/vnd.oci.image.layer.v1.tar+zstd", "Layer (zstd)"],
    ["application/vnd.oci.image.layer.v1.tar", "Layer (uncompressed)"],
    ["application/vnd.docker.image.rootfs.diff.tar.gzip", "Layer (gzip)"],
    ["application/vnd.docker.image.rootfs.foreign.diff.tar.gzip", "Foreign layer (gzip)"],
    ["application/vnd.oci.image.layer.nondistributable.v1.tar+gzip", "Foreign layer (gzip)"],
    ["application/vnd.cncf.helm.chart.content.v1.tar+gzip", "Helm chart archive"],
    ["application/vnd.dev.cosign.simplesigning.v1+json", "cosign signature payload"],
    ["application/vnd.in-toto+json", "in-toto attestation"],
    ["application/vnd.dev.sigstore.bundle.v0.3+json", "Sigstore bundle"],
    ["text/spdx+json", "SBOM (SPDX)"],
    ["application/vnd.acme.rocket.docs.layer.v1+tar", "application/vnd.acme.rocket.docs.layer.v1+tar"],
    [null, "Unknown"],
  ])("describes %s as %s", (mediaType, text) => {
    expect(describeLayerMediaType(mediaType)).toBe(text);
  });
});
