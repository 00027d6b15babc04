/**
 * The one parsed configuration. `getConfig()` parses the environment with the schema in
 * ./schema.ts the first time it is called and returns the same object after that (see
 * the how-to there for adding a variable). This module is the only reader of
 * `process.env`, and `publishToEnvironment` its only writer: the start script uses it to
 * hand values it derived (the embedded database's URL, generated secrets) to the Next.js
 * bundle, which is a separate module graph and parses the environment again on first use.
 */
import { CONFIG_VARIABLES, configSchema, SECRET_VARIABLES, type Config } from "./schema";

export { CONFIG_VARIABLES, type Config } from "./schema";

type Env = Record<string, string | undefined>;

/** A configuration that cannot work; `problems` holds one line per wrong variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((line) => `  - ${line}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses `env` (pure; tests pass their own); throws a ConfigError naming every wrong variable. */
export function parseConfig(env: Env): Config {
  const raw: Env = {};
  for (const name of CONFIG_VARIABLES) raw[name] = env[name];
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => issue.message));
}

let cached: Config | undefined;
// Tests change process.env between cases (a fresh database URL, a temporary store), so
// under Vitest every call parses again; elsewhere the environment is read once.
const isTestRun = Boolean(process.env.VITEST);

/** The configuration of this process, parsed once from the environment. */
export function getConfig(): Config {
  if (cached && !isTestRun) return cached;
  cached = parseConfig(process.env);
  return cached;
}

/**
 * Writes derived values into the environment (for the Next.js bundle and child
 * processes) and re-parses, so this graph and the bundle see the same configuration.
 */
export function publishToEnvironment(values: Partial<Record<keyof Config, string>>): Config {
  for (const [name, value] of Object.entries(values)) if (value !== undefined) process.env[name] = value;
  cached = undefined;
  return getConfig();
}

/** The environment for a child process this one starts (a build, a helper): ours plus `extra`. */
export function childProcessEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Whether a variable holds a secret (its value must never be printed or logged). */
export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLES.has(name);
}

/** The registry address instructions show: REGISTRY_HOST, else localhost and the port served on. */
export function resolveRegistryHost(config: Pick<Config, "REGISTRY_HOST" | "PORT"> = getConfig()): string {
  return config.REGISTRY_HOST ?? `localhost:${config.PORT}`;
}

/** The folder of all local state (embedded Postgres, blobs, secrets), absolute. */
export function resolveDataDir(config: Pick<Config, "DATA_DIR"> = getConfig()): string {
  return config.DATA_DIR;
}
