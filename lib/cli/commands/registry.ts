/** `slipway registry ls` and `slipway registry test NAME [--image I --tag T]`. */
import { CliError, EXIT } from "../cli-error";
import { connect, print, type Command } from "../command";
import { formatDate, formatTable } from "../format-table";

interface Registry {
  name: string;
  endpoint: string;
  kind: string;
  username: string;
  updatedAt: string;
}

interface ConnectionTest {
  ok: boolean;
  steps: { step: string; ok: boolean; message: string; ms: number }[];
  ms: number;
}

export const registryList: Command = {
  usage: "registry ls",
  summary: "list the team's external registries (never their secrets)",
  options: {},
  async run(context) {
    const { registries } = await connect(context).get<{ registries: Registry[] }>("/registries");
    print(context, { registries }, () =>
      formatTable(
        ["NAME", "ENDPOINT", "KIND", "USERNAME", "UPDATED"],
        registries.map((entry) => [entry.name, entry.endpoint, entry.kind, entry.username, formatDate(entry.updatedAt)]),
        "No external registries.",
      ),
    );
    return EXIT.ok;
  },
};

export const registryTest: Command = {
  usage: "registry test NAME [--image I --tag T]",
  summary: "connect to an external registry with its stored credentials, step by step; exits 1 when a step fails",
  options: { image: { type: "string" }, tag: { type: "string" } },
  async run(context, values, positionals) {
    const [name] = positionals;
    if (!name) throw new CliError("Name the registry to test: slipway registry test NAME (see slipway registry ls).");
    const body = { ...(values.image ? { image: values.image } : {}), ...(values.tag ? { tag: values.tag } : {}) };
    const result = await connect(context).post<ConnectionTest>(`/registries/${encodeURIComponent(name)}/test`, body);
    print(context, result, () =>
      formatTable(
        ["STEP", "RESULT", "TIME", "MESSAGE"],
        result.steps.map((step) => [step.step, step.ok ? "ok" : "FAILED", `${step.ms} ms`, step.message]),
      ) + `${result.ok ? "Connection works" : "Connection failed"} (${result.ms} ms).\n`,
    );
    return result.ok ? EXIT.ok : EXIT.findings;
  },
};
