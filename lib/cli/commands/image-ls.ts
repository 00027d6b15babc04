/** `slipway image ls [REPO]`: the application's repositories, or one repository's tags. */
import { EXIT } from "../cli-error";
import { appPath, connect, print, requireApp, type Command } from "../command";
import { formatDate, formatTable } from "../format-table";

interface Repository {
  path: string;
  tagCount: number;
  storedBytes: number;
  lastPushedAt: string | null;
}

interface Tag {
  name: string;
  digest: string;
  size: number;
  label: string;
  pushedAt: string;
}

export const imageList: Command = {
  usage: "image ls [REPO]",
  summary: "list the application's repositories, or the tags of REPO (newest first)",
  options: {},
  async run(context, _values, positionals) {
    const client = connect(context);
    const base = `${appPath(requireApp(context))}/images`;
    const [repo] = positionals;
    if (!repo) {
      const { repositories } = await client.get<{ repositories: Repository[] }>(base);
      print(context, { repositories }, () =>
        formatTable(
          ["REPOSITORY", "TAGS", "SIZE", "LAST PUSH"],
          repositories.map((entry) => [entry.path, String(entry.tagCount), formatBytes(entry.storedBytes), formatDate(entry.lastPushedAt)]),
          "No images pushed yet.",
        ),
      );
      return EXIT.ok;
    }
    const encoded = repo.split("/").map(encodeURIComponent).join("/");
    const page = await client.get<{ tags: Tag[]; total: number }>(`${base}/${encoded}/tags?limit=100`);
    print(context, page, () =>
      formatTable(
        ["TAG", "DIGEST", "SIZE", "KIND", "PUSHED"],
        page.tags.map((tag) => [tag.name, tag.digest.slice(0, 19), formatBytes(tag.size), tag.label, formatDate(tag.pushedAt)]),
        "No tags.",
      ) + (page.total > page.tags.length ? `(${page.tags.length} of ${page.total} tags shown)\n` : ""),
    );
    return EXIT.ok;
  },
};

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
