/**
 * The process settings `npm start` runs the portal with, read from package.json's start
 * script: the environment defaults it sets (`NAME=${NAME:-value}`) and the Node flags
 * before `--import`. Benchmarks that start the portal or its registry themselves use
 * these, so what they measure is what production runs: until 2026-12-02 bench:registry's
 * child had its own copy without glibc's mmap threshold, and measured uploads at twice the
 * speed `npm start` gave them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export interface StartSettings {
  /** Environment defaults, by name; a value already in the environment wins, as in the script. */
  env: Record<string, string>;
  /** Node's flags, in order (`--max-semi-space-size=…`, `--expose-gc`). */
  nodeFlags: string[];
}

const ENV_DEFAULT = /^([A-Z_][A-Z0-9_]*)=\$\{\1:-([^}]*)\}$/;

/** Parses a start script of the form `NAME=${NAME:-value} … node --flag … --import tsx scripts/start.ts`. */
export function parseStartScript(script: string): StartSettings {
  const words = script.trim().split(/\s+/);
  const env: Record<string, string> = {};
  let index = 0;
  for (; index < words.length && words[index] !== "node"; index++) {
    const match = ENV_DEFAULT.exec(words[index]!);
    if (!match) throw new Error(`package.json's start script: expected NAME=\${NAME:-value} or node, found ${JSON.stringify(words[index])}`);
    env[match[1]!] = match[2]!;
  }
  if (index === words.length) throw new Error("package.json's start script does not run node");
  const nodeFlags: string[] = [];
  for (index++; index < words.length && words[index] !== "--import"; index++) nodeFlags.push(words[index]!);
  return { env, nodeFlags };
}

/** The npm scripts of this checkout's package.json, by name. */
export function readPackageScripts(root = process.cwd()): Record<string, string> {
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  return manifest.scripts ?? {};
}

/** `npm start`'s settings from this checkout's package.json. */
export function readStartSettings(root = process.cwd()): StartSettings {
  const start = readPackageScripts(root).start;
  if (!start) throw new Error("package.json has no start script");
  return parseStartScript(start);
}

/** The environment `npm start` would give a process: its defaults under whatever `base` already sets. */
export function withStartEnvironment<Env extends Record<string, string | undefined>>(base: Env, settings: StartSettings): Env {
  const env: Record<string, string | undefined> = { ...base };
  for (const [name, value] of Object.entries(settings.env)) env[name] ??= value;
  return env as Env;
}
