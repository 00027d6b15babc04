/**
 * Says in plain words what a stored manifest is: an image, a multi-platform index, a
 * Helm chart, a signature, an SBOM, an attestation or some other OCI artifact.
 */
import * as MT from "@/lib/registry/manifests/media-types";
import { parseJsonInput, readRecord, readString, readStringMap } from "@/lib/registry/manifests/read-json";

export type ManifestKind = "image" | "index" | "helm-chart" | "signature" | "sbom" | "attestation" | "artifact";

export interface ManifestFacts {
  mediaType?: string;
  artifactType?: string;
  configMediaType?: string;
  layers?: { mediaType?: string; annotations?: Record<string, string> }[];
  /** The manifest's own annotations, or those of the index entry that points at it. */
  annotations?: Record<string, string>;
}

export interface ManifestClassification {
  kind: ManifestKind;
  label: string;
}

/** Predicate types (in-toto, cosign and sigstore bundles) that carry an SBOM, with their format. */
const SBOM_PREDICATES: [prefix: string, format: string][] = [
  ["https://spdx.dev/Document", "SPDX"],
  ["https://cyclonedx.org/bom", "CycloneDX"],
  ["https://syft.dev/bom", "Syft"],
];
const OTHER_PREDICATES: [prefix: string, name: string][] = [
  ["https://slsa.dev/provenance", "SLSA provenance"],
  ["https://in-toto.io/attestation/vulns", "vulnerability report"],
  ["https://cosign.sigstore.dev/attestation/vuln", "vulnerability report"],
];
const COSIGN_SIGN_PREDICATE = "https://sigstore.dev/cosign/sign/v1";
const PREDICATE_ANNOTATIONS = ["in-toto.io/predicate-type", "predicateType", "dev.sigstore.bundle.predicateType"];

function findPrefix(table: [string, string][], value: string): string | undefined {
  return table.find(([prefix]) => value.startsWith(prefix))?.[1];
}

function namePredicate(predicate: string): string {
  const sbomFormat = findPrefix(SBOM_PREDICATES, predicate);
  return sbomFormat ? `${sbomFormat} SBOM` : (findPrefix(OTHER_PREDICATES, predicate) ?? predicate);
}

/** Classifies attestation layers by their predicates: all SBOMs make an "sbom", anything else an "attestation". */
function classifyPredicates(predicates: string[]): ManifestClassification {
  const sbomFormats = predicates.map((predicate) => findPrefix(SBOM_PREDICATES, predicate));
  if (predicates.length > 0 && sbomFormats.every((format) => format !== undefined)) {
    return { kind: "sbom", label: `SBOM (${[...new Set(sbomFormats)].join(", ")})` };
  }
  const names = [...new Set(predicates.map(namePredicate))];
  return { kind: "attestation", label: names.length > 0 ? `Attestation (${names.join(", ")})` : "Attestation" };
}

function readPredicates(facts: ManifestFacts): string[] {
  const found: string[] = [];
  for (const layer of facts.layers ?? []) {
    for (const key of PREDICATE_ANNOTATIONS) {
      const predicate = layer.annotations?.[key];
      if (predicate) found.push(predicate);
    }
  }
  return found;
}

/** Signatures and attestations: cosign, sigstore bundles, Notation, in-toto and DSSE layers. */
function classifySupplyChain(facts: ManifestFacts, layerTypes: string[]): ManifestClassification | null {
  if (facts.artifactType === MT.NOTARY_SIGNATURE || facts.configMediaType === MT.NOTARY_SIGNATURE) {
    return { kind: "signature", label: "Signature (Notation)" };
  }
  if (layerTypes.includes(MT.COSIGN_SIMPLE_SIGNING)) return { kind: "signature", label: "Signature (cosign)" };
  const predicates = readPredicates(facts);
  const isBundle = [facts.artifactType, ...layerTypes].some((type) => type?.startsWith(MT.SIGSTORE_BUNDLE_PREFIX));
  if (isBundle) {
    const attested = predicates.filter((predicate) => predicate !== COSIGN_SIGN_PREDICATE);
    return attested.length > 0 ? classifyPredicates(attested) : { kind: "signature", label: "Signature (Sigstore bundle)" };
  }
  const isBuildxAttestation = facts.annotations?.[MT.DOCKER_REFERENCE_TYPE] === MT.ATTESTATION_MANIFEST;
  if (isBuildxAttestation || layerTypes.some((type) => type === MT.IN_TOTO || type === MT.DSSE_ENVELOPE)) {
    return classifyPredicates(predicates);
  }
  const sbomFormats = layerTypes.map((type) => MT.SBOM_MEDIA_TYPES[type]).filter((format) => format !== undefined);
  const artifactSbom = facts.artifactType ? MT.SBOM_MEDIA_TYPES[facts.artifactType] : undefined;
  if (artifactSbom) sbomFormats.push(artifactSbom);
  if (sbomFormats.length > 0) return { kind: "sbom", label: `SBOM (${[...new Set(sbomFormats)].join(", ")})` };
  return null;
}

function classifyImageOrArtifact(facts: ManifestFacts): ManifestClassification {
  const { mediaType, artifactType, configMediaType } = facts;
  if (artifactType && artifactType !== MT.OCI_IMAGE_CONFIG && artifactType !== MT.DOCKER_IMAGE_CONFIG) {
    return { kind: "artifact", label: `Artifact (${artifactType})` };
  }
  if (mediaType === MT.DOCKER_SCHEMA1_MANIFEST || mediaType === MT.DOCKER_SCHEMA1_SIGNED_MANIFEST) {
    return { kind: "image", label: "Image (Docker schema 1, deprecated)" };
  }
  const isManifest = mediaType === undefined || mediaType === MT.OCI_MANIFEST || mediaType === MT.DOCKER_MANIFEST;
  if (!isManifest) return { kind: "artifact", label: `Artifact (${mediaType})` };
  if (configMediaType === MT.OCI_EMPTY) {
    const layerTypes = [...new Set((facts.layers ?? []).map((layer) => layer.mediaType).filter((type) => type !== undefined))];
    return { kind: "artifact", label: layerTypes.length === 1 ? `Artifact (${layerTypes[0]})` : "Artifact" };
  }
  if (configMediaType && configMediaType !== MT.OCI_IMAGE_CONFIG && configMediaType !== MT.DOCKER_IMAGE_CONFIG) {
    // OCI 1.0-era artifacts (ORAS, WASM, Flux) put their type in the config's media type.
    return { kind: "artifact", label: `Artifact (${configMediaType})` };
  }
  return { kind: "image", label: mediaType === MT.DOCKER_MANIFEST ? "Image (Docker format)" : "Image" };
}

/**
 * Classifies a manifest from its media types, layers and annotations. Never throws;
 * anything it does not recognise is an "artifact" labelled with its type.
 */
export function classifyManifest(facts: ManifestFacts): ManifestClassification {
  if (MT.isIndexMediaType(facts.mediaType)) {
    return { kind: "index", label: facts.mediaType === MT.DOCKER_MANIFEST_LIST ? "Multi-platform index (Docker manifest list)" : "Multi-platform index" };
  }
  const layerTypes = (facts.layers ?? []).map((layer) => layer.mediaType ?? "");
  const isHelm =
    facts.configMediaType === MT.HELM_CONFIG || facts.artifactType === MT.HELM_CONFIG || layerTypes.includes(MT.HELM_CHART_CONTENT);
  if (isHelm) return { kind: "helm-chart", label: "Helm chart" };
  return classifySupplyChain(facts, layerTypes) ?? classifyImageOrArtifact(facts);
}

/**
 * Reads the facts classifyManifest needs from a manifest body (object, string or bytes).
 * The stored media type (`contentType`) wins; then the body's `mediaType`, then its shape.
 */
export function readManifestFacts(manifest: unknown, contentType?: string): ManifestFacts {
  const json = readRecord(parseJsonInput(manifest)) ?? {};
  const layers = Array.isArray(json.layers) ? json.layers : [];
  const guessed = Array.isArray(json.manifests) ? MT.OCI_INDEX : undefined;
  return {
    mediaType: readString(contentType) ?? readString(json.mediaType) ?? guessed,
    artifactType: readString(json.artifactType),
    configMediaType: readString(readRecord(json.config)?.mediaType),
    layers: layers.map((layer) => ({
      mediaType: readString(readRecord(layer)?.mediaType),
      annotations: readStringMap(readRecord(layer)?.annotations),
    })),
    annotations: readStringMap(json.annotations),
  };
}
