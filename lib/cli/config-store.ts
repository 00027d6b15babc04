/**
 * The stored login: `$XDG_CONFIG_HOME/slipway/config.json` (else `~/.config/slipway/`),
 * written with mode 0600 in a 0700 folder because it holds the token. SLIPWAY_URL,
 * SLIPWAY_TOKEN and SLIPWAY_APP override what is stored; flags override those.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { CliError } from "./cli-error";

export interface StoredLogin {
  url?: string;
  token?: string;
  app?: string;
}

export interface Settings {
  url: string | null;
  token: string | null;
  app: string | null;
  /** Where each came from, for messages ("from SLIPWAY_APP"). */
  sources: { url: string; token: string; app: string };
}

/** The config file for this environment. */
export function configPath(env: Record<string, string | undefined>): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), ".config");
  return path.join(base, "slipway", "config.json");
}

/** The stored login, or an empty one when there is none; a corrupt file is an error that says where it is. */
export async function readStoredLogin(env: Record<string, string | undefined>): Promise<StoredLogin> {
  const file = configPath(env);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as StoredLogin;
    return typeof parsed === "object" && parsed !== null ? parsed : {};
  } catch {
    throw new CliError(`${file} is not valid JSON; delete it and run slipway login again.`);
  }
}

/** Writes the login readable by the user only. */
export async function writeStoredLogin(env: Record<string, string | undefined>, login: StoredLogin): Promise<string> {
  const file = configPath(env);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${JSON.stringify(login, null, 2)}\n`, { mode: 0o600 });
  // writeFile keeps the mode of an existing file; make sure it is private either way.
  await chmod(file, 0o600);
  return file;
}

/** Flags over environment over the stored login. */
export function resolveSettings(flags: { url?: string; app?: string }, env: Record<string, string | undefined>, stored: StoredLogin): Settings {
  const pick = (flag: string | undefined, flagName: string, envName: string, storedValue: string | undefined) => {
    if (flag) return { value: flag, source: flagName };
    if (env[envName]) return { value: env[envName]!, source: envName };
    if (storedValue) return { value: storedValue, source: "the stored login" };
    return { value: null, source: "nowhere" };
  };
  const url = pick(flags.url, "--url", "SLIPWAY_URL", stored.url);
  if (url.value !== null && !/^https?:\/\/[^/\s]+/i.test(url.value)) {
    throw new CliError(`The portal URL from ${url.source} is "${url.value}"; give its address with the scheme, like https://slipway.example.com.`);
  }
  const token = pick(undefined, "", "SLIPWAY_TOKEN", stored.token);
  const app = pick(flags.app, "--app", "SLIPWAY_APP", stored.app);
  return {
    url: url.value === null ? null : url.value.replace(/\/+$/, ""),
    token: token.value,
    app: app.value,
    sources: { url: url.source, token: token.source, app: app.source },
  };
}
