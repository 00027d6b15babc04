/**
 * The parts of a stored manifest a detail page lists: config and layer descriptors,
 * subject, annotations, and the config summary the registry kept at push. Pure and
 * tolerant: odd fields are skipped, never thrown on.
 */
import { summariseImageConfig, type ImageConfigSummary } from "@/lib/registry/manifests/config-summary";
import { describeLayerMediaType } from "@/lib/images/describe/describe-layer";
import { parseJsonInput, readRecord, readSize, readString, readStringList, readStringMap } from "@/lib/registry/manifests/read-json";
import type { LayerView } from "./types";

export interface ManifestParts {
  config: LayerView | null;
  layers: LayerView[];
  subject: string | null;
  annotations: Record<string, string>;
}

function readLayer(value: unknown): LayerView | null {
  const record = readRecord(value);
  const digest = readString(record?.digest);
  if (!record || !digest) return null;
  const mediaType = readString(record.mediaType) ?? null;
  return { digest, size: readSize(record.size) ?? null, mediaType, description: describeLayerMediaType(mediaType) };
}

/** Reads config, layers, subject and annotations from manifest bytes (or parsed JSON). */
export function readManifestParts(content: unknown): ManifestParts {
  const json = readRecord(parseJsonInput(content)) ?? {};
  const layers = Array.isArray(json.layers) ? json.layers.map(readLayer).filter((layer): layer is LayerView => layer !== null) : [];
  return {
    config: readLayer(json.config),
    layers,
    subject: readString(readRecord(json.subject)?.digest) ?? null,
    annotations: readStringMap(json.annotations),
  };
}

/**
 * The config summary of an image from the registry's stored `summary` (which holds the
 * config's platform, created time and run settings); null when it holds none of them.
 */
export function readConfigSummary(summary: unknown): ImageConfigSummary | null {
  const record = readRecord(summary);
  if (!record || record.kind !== "image") return null;
  const platform = readRecord(record.platform) ?? {};
  const ports = readStringList(record.exposedPorts) ?? [];
  const configLike = {
    created: record.created,
    os: platform.os,
    architecture: platform.architecture,
    variant: platform.variant,
    config: {
      Entrypoint: record.entrypoint,
      Cmd: record.cmd,
      ExposedPorts: Object.fromEntries(ports.map((port) => [port, {}])),
      Labels: record.labels,
    },
  };
  const hasConfig = ["created", "platform", "entrypoint", "cmd", "exposedPorts", "labels"].some((key) => record[key] !== undefined);
  return hasConfig ? summariseImageConfig(configLike) : null;
}
