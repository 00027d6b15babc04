/**
 * The compact `summary` stored with each manifest for the images pages: platform and
 * run settings of an image (read from its config blob, when small, by the one config
 * reader in config-summary.ts), children of an index. Computed once at push so listing
 * pages never read blobs.
 */
import type { Descriptor, ParsedManifest, Platform } from "@/lib/registry/manifests/parse-manifest";
import { summariseImageConfig } from "@/lib/registry/manifests/config-summary";
import { ATTESTATION_MANIFEST, DOCKER_IMAGE_CONFIG, DOCKER_REFERENCE_TYPE, OCI_IMAGE_CONFIG } from "@/lib/registry/manifests/media-types";

/** Config blobs larger than this are not read for the summary. */
export const MAX_SUMMARY_CONFIG_BYTES = 1024 * 1024;

export interface ImageSummary {
  kind: "image";
  artifactType?: string;
  configMediaType?: string;
  layerCount: number;
  platform?: Platform;
  created?: string;
  entrypoint?: string[];
  cmd?: string[];
  exposedPorts?: string[];
  labels?: Record<string, string>;
}

export interface IndexChildSummary {
  digest: string;
  mediaType: string;
  size: number;
  platform?: Platform;
  isAttestation: boolean;
}

export interface IndexSummary {
  kind: "index";
  artifactType?: string;
  manifests: IndexChildSummary[];
}

export type ManifestSummary = ImageSummary | IndexSummary;

/** Whether a config of this media type is an image config worth reading for the summary. */
export function isImageConfigType(mediaType: string): boolean {
  return mediaType === OCI_IMAGE_CONFIG || mediaType === DOCKER_IMAGE_CONFIG;
}

/** The config's os, architecture and variant, or undefined when it names none. */
function pickPlatform(config: { os?: string; architecture?: string; variant?: string }): Platform | undefined {
  const platform: Platform = {};
  if (config.os) platform.os = config.os;
  if (config.architecture) platform.architecture = config.architecture;
  if (config.variant) platform.variant = config.variant;
  return Object.keys(platform).length ? platform : undefined;
}

/** Summarises an image manifest; `config` is the parsed config blob when it was small and readable, else null. */
export function summariseImage(manifest: ParsedManifest, config: unknown): ImageSummary {
  const summary: ImageSummary = { kind: "image", layerCount: manifest.layers.length };
  if (manifest.artifactType) summary.artifactType = manifest.artifactType;
  if (manifest.config) summary.configMediaType = manifest.config.mediaType;
  if (config === null || config === undefined) return summary;
  const read = summariseImageConfig(config);
  const platform = pickPlatform(read);
  if (platform) summary.platform = platform;
  if (read.created) summary.created = read.created;
  if (read.entrypoint) summary.entrypoint = read.entrypoint;
  if (read.cmd) summary.cmd = read.cmd;
  if (read.exposedPorts.length) summary.exposedPorts = read.exposedPorts;
  if (Object.keys(read.labels).length) summary.labels = read.labels;
  return summary;
}

function summariseChild(child: Descriptor): IndexChildSummary {
  const entry: IndexChildSummary = {
    digest: child.digest,
    mediaType: child.mediaType,
    size: child.size,
    isAttestation: child.annotations?.[DOCKER_REFERENCE_TYPE] === ATTESTATION_MANIFEST,
  };
  if (child.platform) entry.platform = child.platform;
  return entry;
}

/** Summarises an index or manifest list: its children, their platforms and which are attestations. */
export function summariseIndex(manifest: ParsedManifest): IndexSummary {
  const summary: IndexSummary = { kind: "index", manifests: manifest.manifests.map(summariseChild) };
  if (manifest.artifactType) summary.artifactType = manifest.artifactType;
  return summary;
}

/** Size of an image's content: config plus layers. (An index sums its children's totals, which needs the store.) */
export function computeImageTotalSize(manifest: ParsedManifest): number {
  return (manifest.config?.size ?? 0) + manifest.layers.reduce((sum, layer) => sum + layer.size, 0);
}

/**
 * The summary and total content size of any manifest: an image's from its parsed config
 * (null when not read), an index's from its children's totals (children not found count 0).
 */
export function summariseManifest(
  manifest: ParsedManifest,
  inputs: { config: unknown; childTotals: ReadonlyMap<string, number> },
): { summary: ManifestSummary; totalSize: number } {
  if (manifest.kind === "index") {
    const totalSize = manifest.manifests.reduce((sum, child) => sum + (inputs.childTotals.get(child.digest) ?? 0), 0);
    return { summary: summariseIndex(manifest), totalSize };
  }
  return { summary: summariseImage(manifest, inputs.config), totalSize: computeImageTotalSize(manifest) };
}
