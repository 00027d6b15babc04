import path from "node:path";
import { getConfig, type Config } from "@/lib/config";

type RegistryEnv = Partial<Record<"DATA_DIR" | "REGISTRY_STORAGE_DIR" | "REGISTRY_HOST", string>>;

export interface RegistryConfig {
  /** `DATA_DIR`, default `.data` (relative to the working directory). */
  dataDir: string;
  /** Where blob content and upload sessions live: `REGISTRY_STORAGE_DIR`, default `$DATA_DIR/registry`. */
  storageDir: string;
  /** `REGISTRY_HOST` when set; otherwise null, and the registry address is the Host each request came to. */
  registryHost: string | null;
}

/** Resolves the registry's settings from the environment, in one place, so scripts and the server agree. */
export function resolveRegistryConfig(env: RegistryEnv | Config = getConfig()): RegistryConfig {
  const dataDir = path.resolve(/* turbopackIgnore: true */ env.DATA_DIR || ".data");
  const storageDir = env.REGISTRY_STORAGE_DIR?.trim() ? path.resolve(env.REGISTRY_STORAGE_DIR.trim()) : path.join(dataDir, "registry");
  // Accept "https://registry.example.com/" as well as the bare host people usually write.
  const registryHost = env.REGISTRY_HOST?.trim().replace(/^[a-z]+:\/\//i, "").replace(/\/+$/, "") || null;
  return { dataDir, storageDir, registryHost };
}
