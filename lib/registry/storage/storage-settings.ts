/**
 * Which blob store the registry uses, from the environment, in one place (the server,
 * scripts and benchmarks agree): REGISTRY_STORAGE=filesystem (the default, under
 * REGISTRY_STORAGE_DIR) or s3 with the S3_* settings; REGISTRY_REDIRECT=1 sends blob
 * downloads straight to the object store. Every instance of one installation must use
 * the same settings.
 */
import { getConfig } from "@/lib/config";
import { resolveRegistryConfig } from "@/lib/registry/config";
import type { StorageDriver } from "@/lib/registry/storage/driver";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";
import { DeferredS3StorageDriver } from "@/lib/registry/storage/deferred-s3-driver";
import type { S3StorageConfig } from "@/lib/registry/storage/s3-driver";

export type StorageSettings = { kind: "filesystem"; root: string } | { kind: "s3"; s3: S3StorageConfig };

type Env = Record<string, string | undefined>;

/** Thrown for a setting that cannot work; the message names the variable and what it needs. */
export class StorageSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StorageSettingsError";
  }
}

function isTrue(value: string | undefined, name: string): boolean {
  const text = value?.trim().toLowerCase() ?? "";
  if (["", "0", "false", "no", "off"].includes(text)) return false;
  if (["1", "true", "yes", "on"].includes(text)) return true;
  throw new StorageSettingsError(`${name} must be 1/true or 0/false, not ${JSON.stringify(value)}`);
}

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new StorageSettingsError(`REGISTRY_STORAGE=s3 needs ${name}`);
  return value;
}

function parseS3(env: Env): S3StorageConfig {
  const endpoint = required(env, "S3_ENDPOINT");
  if (!/^https?:\/\/[^/\s]+/i.test(endpoint)) throw new StorageSettingsError(`S3_ENDPOINT must be an http:// or https:// URL, not ${JSON.stringify(endpoint)}`);
  const prefix = env.S3_PREFIX?.trim().replace(/^\/+|\/+$/g, "") ?? "";
  if (prefix && !/^[A-Za-z0-9!_.*'()/-]+$/.test(prefix)) throw new StorageSettingsError(`S3_PREFIX may hold letters, digits, / and !_.*'()- only`);
  return {
    endpoint: endpoint.replace(/\/+$/, ""),
    region: env.S3_REGION?.trim() || "us-east-1",
    bucket: required(env, "S3_BUCKET"),
    accessKeyId: required(env, "S3_ACCESS_KEY_ID"),
    secretAccessKey: required(env, "S3_SECRET_ACCESS_KEY"),
    // Path style is what S3-compatible stores (RGW, MinIO) answer without wildcard DNS.
    forcePathStyle: env.S3_FORCE_PATH_STYLE === undefined || env.S3_FORCE_PATH_STYLE.trim() === "" ? true : isTrue(env.S3_FORCE_PATH_STYLE, "S3_FORCE_PATH_STYLE"),
    prefix: prefix ? `${prefix}/` : "",
  };
}

/** Reads REGISTRY_STORAGE and its settings; a StorageSettingsError names what is missing or wrong. */
/** The storage variables of the parsed configuration, as the text the resolvers read. */
function configuredStorageEnv(): Env {
  const config = getConfig();
  const names = ["DATA_DIR", "REGISTRY_STORAGE_DIR", "REGISTRY_STORAGE", "S3_ENDPOINT", "S3_REGION", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_FORCE_PATH_STYLE", "S3_PREFIX"] as const;
  return Object.fromEntries(names.map((name) => [name, config[name]]));
}

export function resolveStorageSettings(env: Env = configuredStorageEnv()): StorageSettings {
  const kind = env.REGISTRY_STORAGE?.trim().toLowerCase() || "filesystem";
  if (kind === "filesystem") return { kind, root: resolveRegistryConfig(env).storageDir };
  if (kind === "s3") return { kind, s3: parseS3(env) };
  throw new StorageSettingsError(`REGISTRY_STORAGE must be filesystem or s3, not ${JSON.stringify(env.REGISTRY_STORAGE)}`);
}

/** REGISTRY_REDIRECT: answer blob GETs with a 307 to a presigned URL (needs a driver that presigns, i.e. s3). */
export function resolveBlobRedirect(env?: Env): boolean {
  return env ? isTrue(env.REGISTRY_REDIRECT, "REGISTRY_REDIRECT") : getConfig().REGISTRY_REDIRECT;
}

/** The driver for the settings (the S3 one loads the AWS SDK on first use). */
export function createStorageDriver(settings: StorageSettings): StorageDriver {
  return settings.kind === "s3" ? new DeferredS3StorageDriver(settings.s3) : new FilesystemStorageDriver(settings.root);
}

/** Where blobs live, for the start-up log line (no secrets). */
export function describeStorage(settings: StorageSettings): string {
  return settings.kind === "s3" ? `s3 bucket ${settings.s3.bucket}${settings.s3.prefix ? ` under ${settings.s3.prefix}` : ""} at ${settings.s3.endpoint}` : settings.root;
}
