/**
 * Manifest media types the registry stores (OCI image-spec v1.1 and Docker Image
 * Manifest V2 Schema 2), and `Accept` negotiation for manifest GET.
 */
export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
export const DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
export const DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

export const OCI_IMAGE_CONFIG = "application/vnd.oci.image.config.v1+json";
export const DOCKER_IMAGE_CONFIG = "application/vnd.docker.container.image.v1+json";
export const OCI_EMPTY = "application/vnd.oci.empty.v1+json";

/** Layers whose bytes live elsewhere (`urls`); distribution does not require them to be pushed. */
export const FOREIGN_LAYER_TYPES: readonly string[] = [
  "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
  "application/vnd.oci.image.layer.nondistributable.v1.tar",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
];

export const IMAGE_MANIFEST_TYPES: readonly string[] = [OCI_MANIFEST, DOCKER_MANIFEST];
export const INDEX_MANIFEST_TYPES: readonly string[] = [OCI_INDEX, DOCKER_MANIFEST_LIST];
export const MANIFEST_MEDIA_TYPES: readonly string[] = [...IMAGE_MANIFEST_TYPES, ...INDEX_MANIFEST_TYPES];

/** Docker buildx marks provenance/SBOM children of an index with this annotation. */
export const DOCKER_REFERENCE_TYPE_ANNOTATION = "vnd.docker.reference.type";

export function isManifestMediaType(mediaType: string): boolean {
  return MANIFEST_MEDIA_TYPES.includes(mediaType);
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
