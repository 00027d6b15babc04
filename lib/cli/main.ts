/**
 * The `slipway` command: parses the command line, resolves the login (flags over
 * SLIPWAY_URL/SLIPWAY_TOKEN/SLIPWAY_APP over the stored login) and runs one command.
 * Returns the exit code instead of exiting, so tests run it in-process.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { CliError, EXIT } from "./cli-error";
import type { CliIo } from "./cli-io";
import type { Command, OutputFormat } from "./command";
import { customerCreate, customerList } from "./commands/customer";
import { imageList } from "./commands/image-ls";
import { login, whoami } from "./commands/login";
import { registryList, registryTest } from "./commands/registry";
import { releaseCreate, releaseList } from "./commands/release-create";
import { releaseLint } from "./commands/release-lint";
import { readStoredLogin, resolveSettings } from "./config-store";

const COMMANDS: Record<string, Command> = {
  login,
  whoami,
  "release lint": releaseLint,
  "release create": releaseCreate,
  "release ls": releaseList,
  "image ls": imageList,
  "registry ls": registryList,
  "registry test": registryTest,
  "customer ls": customerList,
  "customer create": customerCreate,
};

const GLOBAL_OPTIONS: NonNullable<ParseArgsConfig["options"]> = {
  url: { type: "string" },
  app: { type: "string" },
  output: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
};

const VERSION = "0.1.0";

/** Runs `argv` (without `node` and the script); never throws, always returns an exit code. */
export async function runCli(argv: readonly string[], io: CliIo, fetchImpl: typeof fetch = fetch): Promise<number> {
  try {
    return await dispatch(argv, io, fetchImpl);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`slipway: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`slipway: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.usage;
  }
}

async function dispatch(argv: readonly string[], io: CliIo, fetchImpl: typeof fetch): Promise<number> {
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.stdout(formatHelp());
    return argv.length === 0 ? EXIT.usage : EXIT.ok;
  }
  if (argv[0] === "--version") {
    io.stdout(`slipway ${VERSION}\n`);
    return EXIT.ok;
  }
  const name = COMMANDS[`${argv[0]} ${argv[1]}`] ? `${argv[0]} ${argv[1]}` : argv[0];
  const command = COMMANDS[name];
  if (!command) throw new CliError(`unknown command "${argv.slice(0, 2).join(" ")}". Run slipway --help for the list.`);
  const rest = argv.slice(name.split(" ").length);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...rest], options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}\nUsage: slipway ${command.usage}`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    io.stdout(`Usage: slipway ${command.usage}\n\n${command.summary}.\n${GLOBAL_HELP}`);
    return EXIT.ok;
  }
  const output = (values.output as string | undefined) ?? "table";
  if (output !== "table" && output !== "json") throw new CliError(`--output must be table or json, not "${output}".`);
  const settings = resolveSettings({ url: values.url as string | undefined, app: values.app as string | undefined }, io.env, await readStoredLogin(io.env));
  return command.run({ io, settings, output: output as OutputFormat, fetch: fetchImpl }, values, parsed.positionals);
}

const GLOBAL_HELP = `
Options for every command:
  --url URL          the portal (else SLIPWAY_URL, else the stored login)
  --app SLUG         the application (else SLIPWAY_APP, else the stored login)
  --output, -o FMT   table (default) or json
The token comes from SLIPWAY_TOKEN, else the stored login.
Exit codes: 0 clean, 1 findings at or above --fail-on (or a failed check), 2 usage or connection errors.
`;

function formatHelp(): string {
  const lines = Object.values(COMMANDS).map((command) => `  slipway ${command.usage}\n      ${command.summary}`);
  return `slipway ${VERSION}: Slipway's command line, for CI and scripts (talks to the portal's /api/v1).\n\nCommands:\n${lines.join("\n")}\n${GLOBAL_HELP}`;
}
