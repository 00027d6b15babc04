/**
 * The media types of the registry and the images pages, named once. Manifest types the
 * registry stores (OCI image-spec v1.1, Docker Image Manifest V2 Schema 2), config and
 * layer types it treats specially, and the artifact types the images pages recognise
 * (Helm OCI support, cosign and Notary Project specifications, buildx attestation storage);
 * plus `Accept` negotiation for manifest GET.
 */
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
/** Docker schema 1: never accepted by the registry, only named on the images pages. */
export const DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+json";
export const DOCKER_SCHEMA1_SIGNED_MANIFEST = "application/vnd.docker.distribution.manifest.v1+prettyjws";
export const OCI_IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
export const DOCKER_IMAGE_CONFIG = "application/vnd.docker.container.image.v1+json";
export const OCI_EMPTY = "application/vnd.oci.empty.v1+json";

/** Filesystem layer types, without their compression suffix (`+gzip`, `+zstd`, `.gzip`). */
export const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar";
export const DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
export const OCI_NONDISTRIBUTABLE_LAYER = "application/vnd.oci.image.layer.nondistributable.v1.tar";
export const DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar";

/** Layers whose bytes live elsewhere (`urls`); distribution does not require them to be pushed. */
export const FOREIGN_LAYER_TYPES: readonly string[] = [
  "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
  "application/vnd.oci.image.layer.nondistributable.v1.tar",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
];

export const IMAGE_MANIFEST_TYPES: readonly string[] = [OCI_MANIFEST, DOCKER_MANIFEST];

/** `Accept` for manifest requests to other registries: every manifest type we store, indexes first. */
export const MANIFEST_ACCEPT = [OCI_INDEX, OCI_MANIFEST, DOCKER_MANIFEST_LIST, DOCKER_MANIFEST].join(", ");
export const INDEX_MANIFEST_TYPES: readonly string[] = [OCI_INDEX, DOCKER_MANIFEST_LIST];
export const MANIFEST_MEDIA_TYPES: readonly string[] = [...IMAGE_MANIFEST_TYPES, ...INDEX_MANIFEST_TYPES];

export const HELM_CONFIG = "application/vnd.cncf.helm.config.v1+json";
export const HELM_CHART_CONTENT = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
export const HELM_CHART_PROVENANCE = "application/vnd.cncf.helm.chart.provenance.v1.prov";
export const COSIGN_SIMPLE_SIGNING = "application/vnd.dev.cosign.simplesigning.v1+json";
/** Versioned (`...bundle.v0.3+json`), so matched as a prefix. */
export const SIGSTORE_BUNDLE_PREFIX = "application/vnd.dev.sigstore.bundle";
export const NOTARY_SIGNATURE = "application/vnd.cncf.notary.signature";
/** The envelope types of a Notary Project signature's layer. */
export const NOTATION_JWS = "application/jose+json";
export const NOTATION_COSE = "application/cose";
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

/** True for the manifest types the registry stores (images and indexes, OCI and Docker). */
export function isManifestMediaType(mediaType: string): boolean {
  return MANIFEST_MEDIA_TYPES.includes(mediaType);
}

/** True for an OCI image index or a Docker manifest list: manifests that list other manifests. */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_MANIFEST_TYPES.includes(mediaType);
}

/** The media type without parameters (`; charset=...`), lowercased, or null when absent. */
export function stripMediaTypeParameters(value: string | undefined | null): string | null {
  if (!value) return null;
  const bare = value.split(";")[0]!.trim().toLowerCase();
  return bare === "" ? null : bare;
}

/**
 * Whether an `Accept` header admits a media type (exact, `type/*` or `* /*`; q=0 excludes).
 * No header, or an empty one, accepts anything.
 */
export function isAcceptable(accept: string | string[] | undefined, mediaType: string): boolean {
  const header = Array.isArray(accept) ? accept.join(",") : accept;
  if (!header || header.trim() === "") return true;
  const wanted = mediaType.toLowerCase();
  const [type] = wanted.split("/");
  for (const entry of header.split(",")) {
    const [range, ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    if (!range) continue;
    if (params.some((param) => /^q\s*=\s*0(\.0*)?$/.test(param))) continue;
    if (range === wanted || range === "*/*" || range === `${type}/*`) return true;
  }
  return false;
}
