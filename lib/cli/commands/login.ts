/** `slipway login --url URL [--app SLUG]` and `slipway whoami`. */
import { createInterface } from "node:readline/promises";
import { createApiClient } from "../api-client";
import { CliError, EXIT } from "../cli-error";
import { readAllStdin } from "../cli-io";
import { writeStoredLogin } from "../config-store";
import { connect, print, type Command, type CommandContext } from "../command";
import { formatDate, formatFields } from "../format-table";

interface TokenRecord {
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export const login: Command = {
  usage: "login --url URL [--app SLUG]",
  summary: "store the portal URL and a personal access token (read from SLIPWAY_TOKEN or stdin) in your config folder, mode 0600",
  options: {},
  async run(context) {
    const { url, app } = context.settings;
    if (!url) throw new CliError("Pass the portal's address: slipway login --url https://slipway.example.com");
    const token = context.io.env.SLIPWAY_TOKEN?.trim() || (await readToken(context));
    if (!token) throw new CliError("No token: pipe one in (echo $TOKEN | slipway login --url URL) or set SLIPWAY_TOKEN. Create it on the Access tokens page.");
    const client = createApiClient(url, token, context.fetch);
    const { tokens } = await client.get<{ tokens: TokenRecord[] }>("/tokens");
    const record = tokens.find((candidate) => token.startsWith(candidate.prefix));
    const file = await writeStoredLogin(context.io.env, { url, token, ...(app ? { app } : {}) });
    context.io.stderr(`Logged in to ${url}${record ? ` with the token "${record.name}"` : ""}; saved in ${file}.\n`);
    return EXIT.ok;
  },
};

export const whoami: Command = {
  usage: "whoami",
  summary: "show the portal, the token in use and the team's applications",
  options: {},
  async run(context) {
    const client = connect(context);
    const [{ tokens }, { apps }] = await Promise.all([
      client.get<{ tokens: TokenRecord[] }>("/tokens"),
      client.get<{ apps: { slug: string; name: string }[] }>("/apps"),
    ]);
    const token = tokens.find((candidate) => context.settings.token?.startsWith(candidate.prefix)) ?? null;
    const { app, sources } = context.settings;
    const result = { url: client.url, token, apps: apps.map((entry) => entry.slug), app, appSource: app ? sources.app : null };
    print(context, result, () =>
      formatFields([
        ["URL", `${client.url} (from ${sources.url})`],
        ["Token", token ? `"${token.name}" (${token.prefix}…), created ${formatDate(token.createdAt)}, last used ${formatDate(token.lastUsedAt)}` : "valid (not one of your listed tokens)"],
        ["Apps", apps.map((entry) => entry.slug).join(", ") || "(none yet)"],
        ["App", app ? `${app} (from ${sources.app})` : "none chosen (--app, SLIPWAY_APP or login --app)"],
      ]),
    );
    return EXIT.ok;
  },
};

/** The token from stdin: everything piped in, or one line typed at a prompt. */
async function readToken(context: CommandContext): Promise<string> {
  const { stdin } = context.io;
  if (!stdin.isTTY) return (await readAllStdin(context.io)).trim();
  const prompt = createInterface({ input: stdin, output: process.stderr, terminal: false });
  try {
    return (await prompt.question("Paste a personal access token: ")).trim();
  } finally {
    prompt.close();
  }
}
