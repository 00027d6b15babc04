/** `slipway release create FILE|DIR... [--notes TEXT] [--promote CHANNEL --version V]` and `slipway release ls`. */
import { ApiError } from "../api-client";
import { CliError, EXIT } from "../cli-error";
import { appPath, connect, print, requireApp, type Command } from "../command";
import { formatDate, formatTable } from "../format-table";
import { readReleaseFiles } from "../read-release-files";

interface CreatedRelease {
  release: { sequence: number; imageCount: number };
  warnings: { severity: string; line: number; code: string; message: string }[];
}

export const releaseCreate: Command = {
  usage: "release create FILE|DIR... [--notes TEXT] [--promote CHANNEL --version V]",
  summary: "create the next release (refused while it has errors), optionally promoting it to a channel",
  options: {
    notes: { type: "string" },
    promote: { type: "string" },
    version: { type: "string" },
  },
  async run(context, values, positionals) {
    const channel = values.promote as string | undefined;
    const version = values.version as string | undefined;
    if (channel !== undefined && !version) throw new CliError("--promote needs --version, the label customers see (for example --version 1.4.2).");
    if (version !== undefined && channel === undefined) throw new CliError("--version is only used with --promote CHANNEL.");
    const release = await readReleaseFiles(positionals, context.io.cwd);
    const client = connect(context);
    const base = `${appPath(requireApp(context))}/releases`;
    const notes = (values.notes as string | undefined) ?? "";
    let created: CreatedRelease;
    try {
      created = await client.post<CreatedRelease>(base, { yaml: release.text, notes });
    } catch (error) {
      // A release refused for its errors is a finding (exit 1), not a usage problem.
      if (error instanceof ApiError && error.status === 400 && error.details.some((detail) => detail.path === "yaml")) throw new CliError(error.message, EXIT.findings);
      throw error;
    }
    const { sequence } = created.release;
    let promotion: unknown = null;
    if (channel) {
      try {
        promotion = (await client.post<{ promotion: unknown }>(`${base}/${sequence}/promote`, { channel, version, notes })).promotion;
      } catch (error) {
        if (!(error instanceof CliError)) throw error;
        throw new CliError(`Created release ${sequence}, but could not promote it: ${error.message}`, error.exitCode);
      }
    }
    print(context, { release: created.release, warnings: created.warnings, promotion }, () => {
      const warned = created.warnings.length ? ` with ${created.warnings.length} warning${created.warnings.length === 1 ? "" : "s"} and notes` : "";
      const promoted = channel ? `; promoted to ${channel} as ${version}` : "";
      return `Created release ${sequence}${warned}${promoted}.\n`;
    });
    return EXIT.ok;
  },
};

export const releaseList: Command = {
  usage: "release ls",
  summary: "list the application's releases, newest first",
  options: { limit: { type: "string" } },
  async run(context, values) {
    const limit = (values.limit as string | undefined) ?? "25";
    const page = await connect(context).get<{ releases: { sequence: number; createdAt: string; imageCount: number; notes: string; createdBy: { email: string } }[] }>(
      `${appPath(requireApp(context))}/releases?limit=${encodeURIComponent(limit)}`,
    );
    print(context, page, () =>
      formatTable(
        ["SEQUENCE", "CREATED", "IMAGES", "BY", "NOTES"],
        page.releases.map((release) => [String(release.sequence), formatDate(release.createdAt), String(release.imageCount), release.createdBy.email, release.notes.split("\n")[0]]),
        "No releases yet.",
      ),
    );
    return EXIT.ok;
  },
};
