/** Plain words for the media type of one layer (or any blob) in a manifest's layer list. */
import * as MT from "@/lib/registry/manifests/media-types";

const EXACT: Record<string, string> = {
  [MT.HELM_CHART_CONTENT]: "Helm chart archive",
  "application/vnd.cncf.helm.chart.provenance.v1.prov": "Helm chart provenance",
  [MT.COSIGN_SIMPLE_SIGNING]: "cosign signature payload",
  [MT.IN_TOTO]: "in-toto attestation",
  [MT.DSSE_ENVELOPE]: "DSSE envelope",
  [MT.OCI_EMPTY]: "Empty",
  "application/jose+json": "Notation signature (JWS)",
  "application/cose": "Notation signature (COSE)",
};

const LAYER_PREFIXES = [
  "application/vnd.oci.image.layer.nondistributable.v1.tar",
  "application/vnd.docker.image.rootfs.foreign.diff.tar",
  "application/vnd.oci.image.layer.v1.tar",
  "application/vnd.docker.image.rootfs.diff.tar",
];

function describeCompression(suffix: string): string {
  if (suffix === "") return "uncompressed";
  if (suffix === "+gzip" || suffix === ".gzip") return "gzip";
  if (suffix === "+zstd" || suffix === ".zstd") return "zstd";
  return suffix.replace(/^[+.]/, "");
}

/**
 * Describes a layer media type: filesystem layers with their compression ("Layer (gzip)",
 * "Foreign layer (gzip)"), known artifact payloads by name, anything else verbatim.
 */
export function describeLayerMediaType(mediaType: string | null | undefined): string {
  if (!mediaType) return "Unknown";
  const known = EXACT[mediaType] ?? (MT.SBOM_MEDIA_TYPES[mediaType] ? `SBOM (${MT.SBOM_MEDIA_TYPES[mediaType]})` : undefined);
  if (known) return known;
  if (mediaType.startsWith(MT.SIGSTORE_BUNDLE_PREFIX)) return "Sigstore bundle";
  const prefix = LAYER_PREFIXES.find((candidate) => mediaType.startsWith(candidate));
  if (!prefix) return mediaType;
  const isForeign = prefix.includes("nondistributable") || prefix.includes("foreign");
  return `${isForeign ? "Foreign layer" : "Layer"} (${describeCompression(mediaType.slice(prefix.length))})`;
}
