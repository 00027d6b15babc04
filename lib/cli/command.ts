/** What every command is given, and how it is declared. */
import type { ParseArgsConfig } from "node:util";
import { createApiClient, type ApiClient } from "./api-client";
import { CliError } from "./cli-error";
import type { CliIo } from "./cli-io";
import type { Settings } from "./config-store";

export type OutputFormat = "table" | "json";

export interface CommandContext {
  io: CliIo;
  settings: Settings;
  output: OutputFormat;
  fetch: typeof fetch;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface Command {
  /** `release lint FILE|DIR... [--fail-on error|warn|info] [--online]` */
  usage: string;
  summary: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(context: CommandContext, values: OptionValues, positionals: string[]): Promise<number>;
}

/** The API client for the resolved URL and token; a usage error when no URL is known. */
export function connect(context: CommandContext): ApiClient {
  const { url, token } = context.settings;
  if (!url) throw new CliError("No portal URL: run `slipway login --url URL`, or set SLIPWAY_URL (or pass --url).");
  return createApiClient(url, token, context.fetch);
}

/** The application to act on; a usage error naming the three ways to give it. */
export function requireApp(context: CommandContext): string {
  if (!context.settings.app) throw new CliError("No application: pass --app SLUG, set SLIPWAY_APP, or run `slipway login --app SLUG`.");
  return context.settings.app;
}

/** Writes `value` as JSON (for --output json) or `table` text. */
export function print(context: CommandContext, value: unknown, table: () => string): void {
  context.io.stdout(context.output === "json" ? `${JSON.stringify(value, null, 2)}\n` : table());
}

/** `/apps/<slug>` with the slug encoded. */
export function appPath(slug: string): string {
  return `/apps/${encodeURIComponent(slug)}`;
}
