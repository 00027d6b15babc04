/** Plain words for the media type of one layer (or any blob) in a manifest's layer list. */
import * as MT from "@/lib/registry/manifests/media-types";

const EXACT: Record<string, string> = {
  [MT.HELM_CHART_CONTENT]: "Helm chart archive",
  [MT.HELM_CHART_PROVENANCE]: "Helm chart provenance",
  [MT.COSIGN_SIMPLE_SIGNING]: "cosign signature payload",
  [MT.IN_TOTO]: "in-toto attestation",
  [MT.DSSE_ENVELOPE]: "DSSE envelope",
  [MT.OCI_EMPTY]: "Empty",
  [MT.NOTATION_JWS]: "Notation signature (JWS)",
  [MT.NOTATION_COSE]: "Notation signature (COSE)",
};

const LAYER_PREFIXES = [MT.OCI_NONDISTRIBUTABLE_LAYER, MT.DOCKER_FOREIGN_LAYER, MT.OCI_LAYER, MT.DOCKER_LAYER];
const FOREIGN_LAYER_PREFIXES: readonly string[] = [MT.OCI_NONDISTRIBUTABLE_LAYER, MT.DOCKER_FOREIGN_LAYER];

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
  const isForeign = FOREIGN_LAYER_PREFIXES.includes(prefix);
  return `${isForeign ? "Foreign layer" : "Layer"} (${describeCompression(mediaType.slice(prefix.length))})`;
}
