/**
 * Every environment variable Slipway reads, in one table, parsed once with zod.
 *
 * HOW TO ADD A VARIABLE (three steps; a test checks the first two agree):
 *  1. Add one entry below: `MY_SETTING: setting({ form, parse, fallback })`, where `form`
 *     says in words what is accepted (it ends the error message "MY_SETTING must be <form>"),
 *     `parse` turns the trimmed text into the value (throw to refuse it; helpers below:
 *     `wholeNumber`, `size` ("20GiB"), `duration` ("30s"), `flag`, `oneOf`), and `fallback`
 *     is the value when the variable is unset or empty. Mark secrets `secret: true` (their
 *     value is never printed).
 *  2. Add a row to the configuration table in README.md (variable, default, meaning).
 *  3. Read it anywhere as `getConfig().MY_SETTING` (import from `@/lib/config`); never
 *     read `process.env` (ESLint refuses it outside lib/config and tests).
 * A wrong value stops `npm start` before it listens, with a message naming the variable.
 */
import path from "node:path";
import { z } from "zod";
import { splitAuthority, stripScheme } from "../net/host-port";
import { parseDuration, parseSize } from "./units";

interface SettingOptions<T> {
  /** What is accepted, in words: "a whole number of seconds from 0 to 604800". */
  form: string;
  parse: (text: string) => T;
  fallback: T;
  /** Never echo the value in an error. */
  secret?: boolean;
}

/** Marks which variables hold secrets, for messages and redaction. */
export const SECRET_VARIABLES = new Set<string>();

function setting<T>(name: string, options: SettingOptions<T>) {
  if (options.secret) SECRET_VARIABLES.add(name);
  return z.string().optional().transform((raw, ctx): T => {
    const text = raw?.trim();
    if (!text) return options.fallback;
    try {
      return options.parse(text);
    } catch {
      const shown = options.secret ? "" : `, not ${JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)}`;
      ctx.addIssue({ code: "custom", message: `${name} must be ${options.form}${shown}` });
      return z.NEVER;
    }
  });
}

function wholeNumber(min: number, max: number) {
  return (text: string) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) throw new Error("out of range");
    return value;
  };
}
const size = (text: string) => parseSize(text);
const duration = (text: string) => parseDuration(text);
/** A duration no longer than `maxMs`, or 0 (off). */
function durationUpTo(maxMs: number): (text: string) => number {
  return (text) => {
    const ms = text === "0" ? 0 : parseDuration(text);
    if (ms > maxMs) throw new Error("too long");
    return ms;
  };
}
function flag(text: string): boolean {
  const lower = text.toLowerCase();
  if (["1", "true", "yes", "on"].includes(lower)) return true;
  if (["0", "false", "no", "off"].includes(lower)) return false;
  throw new Error("not a flag");
}
function oneOf<const T extends string>(...values: T[]) {
  return (text: string): T => {
    const lower = text.toLowerCase() as T;
    if (!values.includes(lower)) throw new Error("not one of the values");
    return lower;
  };
}
const anyText = (text: string) => text;
function url(...protocols: string[]) {
  return (text: string) => {
    const parsed = new URL(text);
    if (!protocols.includes(parsed.protocol)) throw new Error("wrong protocol");
    return text;
  };
}
/** "https://registry.example.com/" and "registry.example.com" both mean the host. */
function hostAndPort(text: string): string {
  const host = stripScheme(text).rest;
  if (!/^[A-Za-z0-9.[\]:-]+$/.test(host) || !splitAuthority(host)) throw new Error("not a host");
  return host;
}
function secretsKey(text: string): string {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (key.length !== 32) throw new Error("not 32 bytes");
  return text;
}

const DAY_MS = 86_400_000;
const unsetText = undefined as string | undefined;

/** The schema: one entry per variable, keyed by its name. */
export const configSchema = z.object({
  PORT: setting("PORT", { form: "a port number from 0 to 65535", parse: wholeNumber(0, 65535), fallback: 3000 }),
  HOST: setting("HOST", { form: "an address to listen on", parse: anyText, fallback: "0.0.0.0" }),
  DATA_DIR: setting("DATA_DIR", { form: "a folder", parse: (text) => path.resolve(/* turbopackIgnore: true */ text), fallback: path.resolve(/* turbopackIgnore: true */ ".data") }),
  DATABASE_URL: setting("DATABASE_URL", { form: "a postgres:// or postgresql:// URL", parse: url("postgres:", "postgresql:"), fallback: unsetText, secret: true }),
  REGISTRY_HOST: setting("REGISTRY_HOST", { form: "host[:port] (a scheme and trailing slash are dropped)", parse: hostAndPort, fallback: unsetText }),
  REGISTRY_STORAGE: setting("REGISTRY_STORAGE", { form: "filesystem or s3", parse: oneOf("filesystem", "s3"), fallback: "filesystem" as "filesystem" | "s3" }),
  REGISTRY_STORAGE_DIR: setting("REGISTRY_STORAGE_DIR", { form: "a folder", parse: anyText, fallback: unsetText }),
  S3_ENDPOINT: setting("S3_ENDPOINT", { form: "an http:// or https:// URL", parse: url("http:", "https:"), fallback: unsetText }),
  S3_REGION: setting("S3_REGION", { form: "a region name", parse: anyText, fallback: unsetText }),
  S3_BUCKET: setting("S3_BUCKET", { form: "a bucket name", parse: anyText, fallback: unsetText }),
  S3_ACCESS_KEY_ID: setting("S3_ACCESS_KEY_ID", { form: "an access key id", parse: anyText, fallback: unsetText }),
  S3_SECRET_ACCESS_KEY: setting("S3_SECRET_ACCESS_KEY", { form: "a secret access key", parse: anyText, fallback: unsetText, secret: true }),
  S3_FORCE_PATH_STYLE: setting("S3_FORCE_PATH_STYLE", { form: "1/true or 0/false", parse: anyText, fallback: unsetText }),
  S3_PREFIX: setting("S3_PREFIX", { form: "a key prefix", parse: anyText, fallback: unsetText }),
  REGISTRY_REDIRECT: setting("REGISTRY_REDIRECT", { form: "1/true or 0/false", parse: flag, fallback: false }),
  REGISTRY_GC_GRACE: setting("REGISTRY_GC_GRACE", { form: "a duration with a unit ms, s, m, h or d (for example 24h)", parse: duration, fallback: DAY_MS }),
  NEXTAUTH_SECRET: setting("NEXTAUTH_SECRET", { form: "a secret", parse: anyText, fallback: unsetText, secret: true }),
  NEXTAUTH_URL: setting("NEXTAUTH_URL", { form: "an http:// or https:// URL", parse: url("http:", "https:"), fallback: unsetText }),
  SECRETS_KEY: setting("SECRETS_KEY", { form: "32 bytes, as 64 hex characters or base64 (for example: openssl rand -hex 32)", parse: secretsKey, fallback: unsetText, secret: true }),
  SIGNUP: setting("SIGNUP", { form: "open or closed", parse: oneOf("open", "closed"), fallback: "open" as "open" | "closed" }),
  MALLOC_ARENA_MAX: setting("MALLOC_ARENA_MAX", { form: "a whole number from 1 to 64", parse: wholeNumber(1, 64), fallback: undefined as number | undefined }),
  // Read by glibc when the process starts; checked here so a typo stops the start instead of being ignored.
  MALLOC_MMAP_THRESHOLD_: setting("MALLOC_MMAP_THRESHOLD_", { form: "a whole number of bytes from 0 to 33554432 (32 MiB)", parse: wholeNumber(0, 32 * 1024 * 1024), fallback: undefined as number | undefined }),
  MALLOC_TRIM_THRESHOLD_: setting("MALLOC_TRIM_THRESHOLD_", { form: "a whole number of bytes from 0 to 268435456 (256 MiB)", parse: wholeNumber(0, 256 * 1024 * 1024), fallback: undefined as number | undefined }),
  EXTERNAL_REGISTRY_ALLOW: setting("EXTERNAL_REGISTRY_ALLOW", { form: "comma-separated hosts or CIDRs", parse: anyText, fallback: unsetText }),
  PUBLIC_REGISTRY_MIRROR: setting("PUBLIC_REGISTRY_MIRROR", { form: "host[:port] of a registry", parse: anyText, fallback: unsetText }),
  PROXY_TAG_TTL: setting("PROXY_TAG_TTL", { form: "a whole number of seconds from 0 to 604800", parse: wholeNumber(0, 7 * 24 * 3600), fallback: 60 }),
  LICENSE_PULL_RETENTION_DAYS: setting("LICENSE_PULL_RETENTION_DAYS", { form: "a whole number of days from 1 to 36500", parse: wholeNumber(1, 36_500), fallback: 90 }),
  SMTP_URL: setting("SMTP_URL", { form: "an smtp:// or smtps:// URL", parse: url("smtp:", "smtps:"), fallback: unsetText, secret: true }),
  SMTP_FROM: setting("SMTP_FROM", { form: "a sender address", parse: anyText, fallback: "Slipway <slipway@localhost>" }),
  AUDIT_RETENTION_DAYS: setting("AUDIT_RETENTION_DAYS", { form: "a whole number of days, at least 1", parse: wholeNumber(1, 36_500), fallback: 365 }),
  AUDIT_SPOOL_DIR: setting("AUDIT_SPOOL_DIR", { form: "a folder", parse: anyText, fallback: unsetText }),
  LOG_LEVEL: setting("LOG_LEVEL", { form: "one of fatal, error, warn, info, debug, trace, silent", parse: oneOf("fatal", "error", "warn", "info", "debug", "trace", "silent"), fallback: "info" as "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent" }),
  METRICS_TOKEN: setting("METRICS_TOKEN", { form: "a token of at least 16 characters", parse: (text) => { if (text.length < 16) throw new Error("short"); return text; }, fallback: unsetText, secret: true }),
  SHUTDOWN_TIMEOUT: setting("SHUTDOWN_TIMEOUT", { form: "a duration with a unit ms, s, m or h (for example 30s)", parse: duration, fallback: 30_000 }),
  // Resources one team or user may take (lib/quotas, lib/registry/services/upload-limits.ts, lib/http/body-limits.ts).
  TEAM_STORAGE_QUOTA: setting("TEAM_STORAGE_QUOTA", { form: "a size such as 20GiB (0: unlimited)", parse: size, fallback: 20 * 2 ** 30 }),
  REGISTRY_MAX_BLOB_SIZE: setting("REGISTRY_MAX_BLOB_SIZE", { form: "a size such as 10GiB (0: unlimited)", parse: size, fallback: 10 * 2 ** 30 }),
  MIN_FREE_SPACE: setting("MIN_FREE_SPACE", { form: "a size such as 1GiB (0: no reserve)", parse: size, fallback: 2 ** 30 }),
  MAX_UPLOAD_SESSIONS_PER_USER: setting("MAX_UPLOAD_SESSIONS_PER_USER", { form: "a whole number from 1 to 100000", parse: wholeNumber(1, 100_000), fallback: 50 }),
  MAX_UPLOAD_SESSIONS_PER_APP: setting("MAX_UPLOAD_SESSIONS_PER_APP", { form: "a whole number from 1 to 100000", parse: wholeNumber(1, 100_000), fallback: 200 }),
  PASSWORD_CHECK_CACHE: setting("PASSWORD_CHECK_CACHE", { form: "0 (off) or a duration up to 1h with a unit ms, s, m or h (for example 5m)", parse: durationUpTo(3_600_000), fallback: 300_000 }),
  REQUEST_IDLE_TIMEOUT: setting("REQUEST_IDLE_TIMEOUT", { form: "a duration with a unit ms, s, m or h (for example 60s)", parse: duration, fallback: 60_000 }),
});

/** The parsed configuration: each variable's value, typed, with its default applied. */
export type Config = z.infer<typeof configSchema>;

/** Every variable name the schema knows (the README's table must list exactly these). */
export const CONFIG_VARIABLES = Object.keys(configSchema.shape) as Array<keyof Config>;
