/**
 * The parts of an image config (OCI image-spec config.md, Docker image spec v1) worth
 * showing on a tag's page. Configs are pushed by arbitrary tools, so every field is optional.
 */
import { parseJsonInput, readRecord, readString, readStringList, readStringMap } from "@/lib/registry/manifests/read-json";

export interface ImageConfigSummary {
  /** The config's `created` timestamp as written, when it parses as a date. */
  created?: string;
  os?: string;
  architecture?: string;
  variant?: string;
  entrypoint?: string[];
  cmd?: string[];
  /** `port/protocol`, ordered by port number then protocol. */
  exposedPorts: string[];
  labels: Record<string, string>;
  user?: string;
  workingDir?: string;
  /** Number of environment variables; values are not surfaced (they may hold secrets). */
  envCount?: number;
  /** Number of layers the config's rootfs lists. */
  layerCount?: number;
}

function compareExposedPorts(a: string, b: string): number {
  const portA = Number.parseInt(a, 10);
  const portB = Number.parseInt(b, 10);
  if (Number.isNaN(portA) || Number.isNaN(portB) || portA === portB) return a.localeCompare(b);
  return portA - portB;
}

function readCreated(value: unknown): string | undefined {
  const created = readString(value);
  return created !== undefined && !Number.isNaN(Date.parse(created)) ? created : undefined;
}

/** Drops undefined fields so the summary serialises the same way it reads. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

/**
 * Summarises an image config (object, JSON string or bytes). Never throws: junk input
 * gives `{ exposedPorts: [], labels: {} }`, and odd fields are skipped one by one.
 */
export function summariseImageConfig(configJson: unknown): ImageConfigSummary {
  const root = readRecord(parseJsonInput(configJson)) ?? {};
  // Docker wrote the run settings under "config"; very old images only had "container_config".
  const run = readRecord(root.config) ?? readRecord(root.container_config) ?? {};
  const env = readStringList(run.Env);
  const diffIds = readRecord(root.rootfs)?.diff_ids;
  return withoutUndefined({
    created: readCreated(root.created),
    os: readString(root.os),
    architecture: readString(root.architecture),
    variant: readString(root.variant),
    entrypoint: readStringList(run.Entrypoint),
    cmd: readStringList(run.Cmd),
    exposedPorts: Object.keys(readRecord(run.ExposedPorts) ?? {}).sort(compareExposedPorts),
    labels: readStringMap(run.Labels),
    user: readString(run.User),
    workingDir: readString(run.WorkingDir),
    envCount: env?.length,
    layerCount: Array.isArray(diffIds) ? diffIds.length : undefined,
  });
}
