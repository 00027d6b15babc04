/**
 * The slipway CLI against a running portal: the /api/v1 route handlers served over
 * HTTP on loopback with the real database. Commands run in-process (runCli with their
 * own streams, environment and config folder); one run goes through the real bin.
 */
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccessToken, revokeAccessToken } from "@/lib/auth/access-tokens";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { container, deployment } from "@/lib/releases/test-fixtures";
import { testDatabaseUrl } from "@/lib/test/database";
import type { CliIo } from "./cli-io";
import { runCli } from "./main";
import { startApiServer, type ApiServer } from "./test-support/api-server";

let server: ApiServer;
let account: AccountWithApp;
let home: string;
let work: string;

const RESOURCES = "          resources:\n            requests: {cpu: 10m, memory: 16Mi}\n            limits: {memory: 32Mi}\n";
const DEPLOYMENT = deployment("web", container("web", "redis:7.2", RESOURCES));
const SERVICE = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --output json runs). */
  json: () => any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON output
}

async function cli(args: string[], options: { env?: Record<string, string | undefined>; stdin?: string } = {}): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: { HOME: home, XDG_CONFIG_HOME: path.join(home, ".config"), ...options.env },
    cwd: work,
    isTerminal: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

/** The CLI as a CI job runs it: URL, token and app from the environment. */
function asCi(extra: Record<string, string> = {}) {
  return { env: { SLIPWAY_URL: server.url, SLIPWAY_TOKEN: account.token, SLIPWAY_APP: account.app.slug, ...extra } };
}

beforeAll(async () => {
  testDatabaseUrl();
  process.env.REGISTRY_HOST = "registry.example.com";
  server = await startApiServer();
  account = await createAccountWithApp("cli");
  home = await mkdtemp(path.join(os.tmpdir(), "slipway-cli-home-"));
  work = await mkdtemp(path.join(os.tmpdir(), "slipway-cli-work-"));
  await mkdir(path.join(work, "release"));
  await writeFile(path.join(work, "release", "10-deployment.yaml"), DEPLOYMENT);
  await writeFile(path.join(work, "release", "20-service.yml"), SERVICE);
  await writeFile(path.join(work, "release", "notes.txt"), "not part of the release");
  await writeFile(path.join(work, "broken.yaml"), DEPLOYMENT.replace("name: web\n", "name: broken\n").replace("spec:\n  selector", "spec:\n  replicas: two\n  selector"));
  await writeFile(path.join(work, "latest.yaml"), DEPLOYMENT.replace("redis:7.2", "redis:latest"));
});

afterAll(async () => {
  await server?.close();
  await rm(home, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe("login and whoami", () => {
  it("stores the token from stdin in a file only the user can read, and whoami uses it", async () => {
    const login = await cli(["login", "--url", server.url, "--app", account.app.slug], { stdin: `${account.token}\n` });
    expect(login.code, login.stderr).toBe(0);
    expect(login.stderr).toContain(`Logged in to ${server.url} with the token "test token"`);
    const file = path.join(home, ".config", "slipway", "config.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const whoami = await cli(["whoami", "-o", "json"]);
    expect(whoami.code, whoami.stderr).toBe(0);
    expect(whoami.json()).toMatchObject({ url: server.url, token: { name: "test token" }, apps: [account.app.slug], app: account.app.slug, appSource: "the stored login" });
  });

  it("exits 2 with a clear message for a wrong URL, a page that is not the API and a revoked token", async () => {
    const closed = await startApiServer();
    await closed.close();
    const unreachable = await cli(["whoami"], { env: { SLIPWAY_URL: closed.url, SLIPWAY_TOKEN: account.token } });
    expect([unreachable.code, unreachable.stderr]).toEqual([2, `slipway: Cannot reach Slipway at ${closed.url} (ECONNREFUSED). Check the URL (--url, SLIPWAY_URL or slipway login) and that the portal is running.\n`]);
    const notApi = await cli(["whoami"], { env: { SLIPWAY_URL: `${server.url}/elsewhere`, SLIPWAY_TOKEN: account.token } });
    expect([notApi.code, notApi.stderr]).toEqual([2, expect.stringMatching(/did not answer like the Slipway API \(HTTP 404, text\/html\)/)]);
    const { token, record } = await createAccessToken(account.principal.userId, "soon revoked");
    await revokeAccessToken(account.principal.userId, record.id);
    const revoked = await cli(["whoami"], { env: { SLIPWAY_URL: server.url, SLIPWAY_TOKEN: token } });
    expect([revoked.code, revoked.stderr]).toEqual([2, expect.stringMatching(/^slipway: The portal refused the token: The access token is invalid or was revoked\..*slipway login/)]);
  });
});

describe("release lint", () => {
  it("passes a clean directory (its YAML files in name order) offline, with every exit code for --fail-on", async () => {
    const clean = await cli(["release", "lint", "release", "-o", "json"], asCi());
    expect(clean.code, clean.stdout + clean.stderr).toBe(0);
    expect(clean.json()).toMatchObject({ files: ["release/10-deployment.yaml", "release/20-service.yml"], diagnostics: [], passed: true, failOn: "error" });
    expect((await cli(["release", "lint", "latest.yaml"], asCi())).code).toBe(0);
    const warned = await cli(["release", "lint", "latest.yaml", "--fail-on", "warn", "-o", "json"], asCi());
    expect(warned.code).toBe(1);
    expect(warned.json().diagnostics).toEqual([expect.objectContaining({ file: "latest.yaml", line: 18, severity: "warning", code: "latest-tag", fix: "Set imagePullPolicy: IfNotPresent" })]);
    expect((await cli(["release", "lint", "latest.yaml", "--fail-on", "often"], asCi())).stderr).toBe("slipway: --fail-on must be error, warn or info, not \"often\".\n");
  });

  it("exits 1 on a schema error, located in its file, in a table and in JSON", async () => {
    const table = await cli(["release", "lint", "release", "broken.yaml"], asCi());
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/^broken\.yaml:6:13 +error +invalid-kubernetes-object +Deployment "broken": spec\.replicas must be an integer, not the text "two"\.$/m);
    expect(table.stdout).toContain("1 error, 0 warnings, 0 notes in release/10-deployment.yaml, release/20-service.yml, broken.yaml: failed (--fail-on error).");
    const online = await cli(["release", "lint", "broken.yaml", "--online", "-o", "json"], asCi());
    expect(online.code).toBe(1);
    expect(online.json().diagnostics).toEqual([expect.objectContaining({ file: "broken.yaml", line: 6, code: "invalid-kubernetes-object" })]);
  });

  it("online, adds the live look-ups: a tag of this app's registry that was never pushed", async () => {
    await writeFile(path.join(work, "own.yaml"), `images:\n  - {source: replicated, name: web, tag: "1.0"}\n---\n${DEPLOYMENT.replace("redis:7.2", `registry.example.com/${account.app.slug}/web:1.0`)}`);
    const online = await cli(["release", "lint", "own.yaml", "--online", "--fail-on", "warn", "-o", "json"], asCi());
    expect(online.code).toBe(1);
    expect(online.json().diagnostics.map((diagnostic: { code: string }) => diagnostic.code)).toEqual(["image-not-found", "image-not-found"]);
    const offline = await cli(["release", "lint", "own.yaml", "--fail-on", "warn", "--registry-host", "registry.example.com", "-o", "json"], asCi());
    expect(offline.json().diagnostics).toEqual([]);
  });
});

describe("release create, ls and promote", () => {
  it("creates a release from a directory and promotes it; release ls shows it", async () => {
    const created = await cli(["release", "create", "release", "--notes", "From CI", "--promote", "Stable", "--version", "1.0.0", "-o", "json"], asCi());
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toMatchObject({ release: { sequence: 1, notes: "From CI" }, warnings: [], promotion: { channel: "Stable", version: "1.0.0", releaseSequence: 1 } });
    const list = await cli(["release", "ls", "-o", "json"], asCi());
    expect(list.json().releases.map((release: { sequence: number }) => release.sequence)).toEqual([1]);
    expect((await cli(["release", "ls"], asCi())).stdout).toMatch(/^SEQUENCE +CREATED +IMAGES +BY +NOTES\n1 .* 1 +cli-.*@example\.test +From CI\n$/);
  });

  it("refuses a release with errors (exit 1) and a promotion without a version (exit 2)", async () => {
    const refused = await cli(["release", "create", "broken.yaml"], asCi());
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringMatching(/^slipway: yaml: the release has 1 error; fix them before creating it\. line 6: Deployment "broken": spec\.replicas must be an integer/)]);
    const usage = await cli(["release", "create", "release", "--promote", "Stable"], asCi());
    expect([usage.code, usage.stderr]).toEqual([2, "slipway: --promote needs --version, the label customers see (for example --version 1.4.2).\n"]);
  });
});

describe("images, registries and customers", () => {
  it("lists empty images and registries, creates and lists a customer", async () => {
    expect((await cli(["image", "ls"], asCi())).stdout).toBe("No images pushed yet.\n");
    expect((await cli(["registry", "ls", "-o", "json"], asCi())).json()).toEqual({ registries: [] });
    const missing = await cli(["registry", "test", "nope"], asCi());
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/^slipway: .*not found/)]);
    const created = await cli(["customer", "create", "--name", "Acme Corp", "--channel", "Stable", "--type", "trial", "--airgap", "-o", "json"], asCi());
    expect(created.code, created.stderr).toBe(0);
    expect(created.json().customer).toMatchObject({ name: "Acme Corp", channel: "Stable", type: "trial", airgap: true });
    const list = await cli(["customer", "ls", "-o", "json"], asCi());
    expect(list.json().customers.map((customer: { name: string }) => customer.name)).toEqual(["Acme Corp"]);
    const bad = await cli(["customer", "create", "--name", "X", "--channel", "Nowhere"], asCi());
    expect(bad.code).toBe(2);
  });

  it("runs as the installed command, through bin/slipway.mjs", async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.resolve("bin/slipway.mjs"), "whoami", "-o", "json"], {
      cwd: work,
      env: { ...process.env, SLIPWAY_URL: server.url, SLIPWAY_TOKEN: account.token, XDG_CONFIG_HOME: path.join(home, "none") },
    });
    expect(JSON.parse(stdout)).toMatchObject({ url: server.url, token: { name: "test token" } });
  });
});
