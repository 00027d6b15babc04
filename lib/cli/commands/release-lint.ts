/**
 * `slipway release lint FILE|DIR...`: offline by default, with the same pure preview
 * module the editor runs (schemas included); `--online` asks the portal's preview API,
 * which adds the live look-ups (tags pushed, registries registered).
 */
import { previewReleaseWithSchemas, type Diagnostic, type ReleaseContext } from "@/lib/releases";
import { CliError, EXIT } from "../cli-error";
import { appPath, connect, print, requireApp, type Command, type CommandContext } from "../command";
import { buildLintReport, formatLintReport, type FailOn } from "../lint-report";
import { readReleaseFiles } from "../read-release-files";

const FAIL_ON: readonly FailOn[] = ["error", "warn", "info"];

export const releaseLint: Command = {
  usage: "release lint FILE|DIR... [--fail-on error|warn|info] [--online] [--registry-host HOST]",
  summary: "check a release; exits 1 when a finding is at or above --fail-on (default error)",
  options: {
    "fail-on": { type: "string" },
    online: { type: "boolean" },
    "registry-host": { type: "string" },
  },
  async run(context, values, positionals) {
    const failOn = (values["fail-on"] as string | undefined) ?? "error";
    if (!(FAIL_ON as readonly string[]).includes(failOn)) throw new CliError(`--fail-on must be error, warn or info, not "${failOn}".`);
    const release = await readReleaseFiles(positionals, context.io.cwd);
    const diagnostics = values.online ? await lintOnline(context, release.text) : await lintOffline(context, release.text, values["registry-host"] as string | undefined);
    const report = buildLintReport(diagnostics, release.sources, failOn as FailOn);
    print(context, report, () => formatLintReport(report));
    return report.passed ? EXIT.ok : EXIT.findings;
  },
};

async function lintOnline(context: CommandContext, yaml: string): Promise<Diagnostic[]> {
  const client = connect(context);
  const preview = await client.post<{ diagnostics: Diagnostic[] }>(`${appPath(requireApp(context))}/releases/preview`, yaml, { contentType: "application/yaml" });
  return preview.diagnostics;
}

/**
 * Offline the application's registry host is the portal's host (its default) unless
 * --registry-host says otherwise, and no external registry is known: images from them
 * count as public, which --online corrects.
 */
async function lintOffline(context: CommandContext, yaml: string, registryHost: string | undefined): Promise<Diagnostic[]> {
  const { url, app } = context.settings;
  const host = registryHost ?? (url ? new URL(url).host : "registry.invalid");
  const releaseContext: ReleaseContext = { registryHost: host, appSlug: app ?? "", externalRegistries: [] };
  return (await previewReleaseWithSchemas(yaml, releaseContext)).diagnostics;
}
