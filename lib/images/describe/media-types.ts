/**
 * The media types the images pages recognise, named once. Sources: OCI image-spec
 * (media-types.md), Docker image manifest v2 schema 2, Helm OCI support, cosign and
 * Notary Project specifications, buildx attestation storage.
 */

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const OCI_IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
export const OCI_EMPTY = "application/vnd.oci.empty.v1+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
export const DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+json";
export const DOCKER_SCHEMA1_SIGNED_MANIFEST = "application/vnd.docker.distribution.manifest.v1+prettyjws";
export const DOCKER_IMAGE_CONFIG = "application/vnd.docker.container.image.v1+json";

export const HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
export const HELM_CHART_CONTENT = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
export const COSIGN_SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
/** Versioned (`...bundle.v0.3+json`), so matched as a prefix. */
export const SIGSTORE_BUNDLE_PREFIX = "application/vnd.dev.sigstore.bundle";
export const NOTARY_SIGNATURE = "application/vnd.cncf.notary.signature";
export const IN_TOTO = "application/vnd.in-toto+json";
export const DSSE_ENVELOPE = "application/vnd.dsse.envelope.v1+json";

/** Media types of SBOM documents stored directly as layers (cosign attach sbom, oras). */
export const SBOM_MEDIA_TYPES: Record<string, string> = {
  "text/spdx": "SPDX",
  "text/spdx+json": "SPDX",
  "text/spdx+xml": "SPDX",
  "application/spdx+json": "SPDX",
  "application/vnd.cyclonedx": "CycloneDX",
  "application/vnd.cyclonedx+json": "CycloneDX",
  "application/vnd.cyclonedx+xml": "CycloneDX",
  "application/vnd.syft+json": "Syft",
};

/** Annotation buildx puts on index entries that hold attestations, and the entry they describe. */
export const DOCKER_REFERENCE_TYPE = "vnd.docker.reference.type";
export const DOCKER_REFERENCE_DIGEST = "vnd.docker.reference.digest";
export const ATTESTATION_MANIFEST = "attestation-manifest";

/** True for an OCI image index or a Docker manifest list: manifests that list other manifests. */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}
