// Issue 14's and 15's operations tests against the portal as `npm start` runs it (a child
// process, scripts/lib/run-portal.ts) with a stand-in for the Next.js front: structured
// logs without secrets, request ids, /metrics, /readyz through a database outage, a wrong
// setting, and SIGTERM in the middle of a 200 MiB push.
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { afterAll, describe, expect, it } from "vitest";
import { testDatabaseUrl } from "../../lib/test/database";
import { createTestTenant, fetchToken, pushBlob, type TestRegistry } from "../../lib/registry/http/test-registry";
import { startPortalProcess, waitFor, type PortalProcess } from "./test-support/portal-process";

const dirs: string[] = [];
const children: PortalProcess[] = [];
afterAll(async () => {
  for (const portal of children) if (portal.child.exitCode === null) portal.child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "slipway-ops-"));
  // PostgreSQL runs as `postgres` when the tests run as root: it must reach its folder.
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

async function start(env: Record<string, string>, options?: Parameters<typeof startPortalProcess>[1]) {
  const portal = await startPortalProcess(env, options);
  children.push(portal);
  return portal;
}

type MetricFamily = { name: string; metrics: Array<{ value?: string; labels?: Record<string, string> }> };
async function scrape(portal: PortalProcess): Promise<MetricFamily[]> {
  const response = await fetch(`${portal.origin}/metrics`);
  expect(response.status).toBe(200);
  return parsePrometheusTextFormat(await response.text()) as MetricFamily[];
}
function sample(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((candidate) => candidate.name === name);
  const matching = family?.metrics.filter((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value)) ?? [];
  return matching.reduce((sum, metric) => sum + Number(metric.value ?? 0), 0);
}

const MIB = 1024 * 1024;
const PUSH_SIZE = 200 * MIB;
/** Chunk i of the 200 MiB body: deterministic, so its digest is known before sending. */
function chunkOf(index: number): Buffer {
  return Buffer.alloc(MIB, index % 251);
}
function digestOfPush(): string {
  const hash = createHash("sha256");
  for (let index = 0; index < PUSH_SIZE / MIB; index++) hash.update(chunkOf(index));
  return `sha256:${hash.digest("hex")}`;
}

describe("npm start's configuration check", () => {
  it("refuses a wrong value before listening, naming the variable and the accepted form", async () => {
    const portal = await start({ DATA_DIR: tempDir(), PORT: "http", SHUTDOWN_TIMEOUT: "soon" }, { script: "scripts/start.ts", readyTimeoutMs: 0 });
    expect(await portal.exited).toBe(78);
    const message = portal.stderr.join("");
    expect(message).toContain('PORT must be a port number from 0 to 65535, not "http"');
    expect(message).toContain('SHUTDOWN_TIMEOUT must be a duration with a unit ms, s, m or h (for example 30s), not "soon"');
    expect(portal.lines.some((line) => line.includes("ready:"))).toBe(false);
  });
});

describe("the running portal", () => {
  it("logs JSON lines without secrets, names request ids, counts in /metrics, and ends a 200 MiB push cleanly on SIGTERM", async () => {
    const dataDir = tempDir();
    const env = { DATABASE_URL: testDatabaseUrl(), DATA_DIR: dataDir, SHUTDOWN_TIMEOUT: "2s", LOG_LEVEL: "info" };
    const portal = await start(env);
    const registry = { origin: portal.origin, host: portal.host } as TestRegistry;
    const tenant = await createTestTenant("ops");
    const name = `${tenant.slug}/app`;
    const token = await fetchToken(registry, tenant.account.email, tenant.account.password, [`repository:${name}:pull,push`]);

    // Request ids: a well-formed one is kept, anything else replaced.
    const kept = await fetch(`${portal.origin}/healthz`, { headers: { "X-Request-Id": "probe-0001" } });
    expect(kept.status).toBe(200);
    expect(kept.headers.get("x-request-id")).toBe("probe-0001");
    const replaced = await fetch(`${portal.origin}/v2/`, { headers: { "X-Request-Id": "bad id" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

    // Metrics move with traffic.
    const before = await scrape(portal);
    const blob = Buffer.alloc(3 * MIB, 7);
    const blobDigest = await pushBlob(registry, token, name, blob);
    await fetch(`${portal.origin}/elsewhere?token=fixture-query-secret`);
    const after = await scrape(portal);
    expect(sample(after, "slipway_http_requests_total", { group: "registry", method: "PUT", status: "201" }) - sample(before, "slipway_http_requests_total", { group: "registry", method: "PUT", status: "201" })).toBe(1);
    expect(sample(after, "slipway_registry_received_bytes_total") - sample(before, "slipway_registry_received_bytes_total")).toBeGreaterThanOrEqual(blob.length);
    expect(sample(after, "slipway_http_requests_total", { group: "page", status: "404" })).toBe(1);
    expect(sample(after, "slipway_process_resident_memory_bytes")).toBeGreaterThan(0);
    expect((await fetch(`${portal.origin}/readyz`)).status).toBe(200);

    // SIGTERM while a 200 MiB monolithic upload streams in (about 20 MiB/s): the server
    // stops accepting, gives the upload SHUTDOWN_TIMEOUT, then cuts it.
    const pushDigest = digestOfPush();
    const upload = await fetch(`${portal.origin}/v2/${name}/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(upload.status).toBe(202);
    let sent = 0;
    let signalled = false;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent >= PUSH_SIZE) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, 50));
        controller.enqueue(new Uint8Array(chunkOf(sent / MIB)));
        sent += MIB;
        if (sent >= 16 * MIB && !signalled) {
          signalled = true;
          portal.child.kill("SIGTERM");
        }
      },
    });
    const push = await fetch(`${portal.origin}${upload.headers.get("location")}?digest=${pushDigest}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/octet-stream", "Content-Length": String(PUSH_SIZE) },
      body,
      duplex: "half",
    } as RequestInit).then((response) => response.status, (error: unknown) => error);
    expect(signalled).toBe(true);
    expect(push, "the push must fail, not complete").not.toBe(201);
    expect(sent).toBeLessThan(PUSH_SIZE);
    expect(await portal.exited).toBe(0);
    expect(portal.lines.join("\n")).toMatch(/request\(s\) still running at the deadline were cut/);

    // The next start is clean and the cut upload left no blob.
    const again = await start(env);
    const againToken = await fetchToken({ origin: again.origin, host: again.host } as TestRegistry, tenant.account.email, tenant.account.password, [`repository:${name}:pull`]);
    expect((await fetch(`${again.origin}/v2/${name}/blobs/${pushDigest}`, { method: "HEAD", headers: { Authorization: `Bearer ${againToken}` } })).status).toBe(404);
    expect((await fetch(`${again.origin}/v2/${name}/blobs/${blobDigest}`, { method: "HEAD", headers: { Authorization: `Bearer ${againToken}` } })).status).toBe(200);
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);

    // Every log line of both runs is JSON; access lines carry what they should; no secret anywhere.
    const lines = [...portal.lines, ...again.lines].filter((line) => line.trim());
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.filter((record) => (record.level as number) >= 50)).toEqual([]);
    const access = records.filter((record) => record.component === "access");
    const blobPut = access.find((record) => record.method === "PUT" && record.status === 201);
    expect(blobPut).toMatchObject({ repository: name, principal: { kind: "user", id: tenant.account.principal.userId } });
    expect(String(blobPut!.path)).toContain(`digest=${encodeURIComponent(blobDigest)}`);
    expect(access.find((record) => String(record.path).startsWith("/elsewhere"))?.path).toBe("/elsewhere?token=[redacted]");
    expect(access.some((record) => record.requestId === "probe-0001")).toBe(false); // probes are counted, not logged
    const secrets = [tenant.account.password, token, againToken, "fixture-query-secret", Buffer.from(`${tenant.account.email}:${tenant.account.password}`).toString("base64")];
    const everything = lines.join("\n") + portal.stderr.join("") + again.stderr.join("");
    for (const secret of secrets) expect(everything.includes(secret), `a secret is in the log: ${secret.slice(0, 6)}…`).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dataDir, "secrets.json"), "utf8")).nextAuthSecret).toBeTruthy();
  });

  it("turns unready when the embedded PostgreSQL dies, answers 503 without internal text, and is ready again once it is restarted", async () => {
    const dataDir = tempDir();
    const portal = await start({ DATA_DIR: dataDir, SHUTDOWN_TIMEOUT: "2s" });
    // A probe right after start may time out on a loaded machine (each check has 2 s), as a load balancer's first probe may.
    await waitFor("/readyz says ready after start", async () => (await fetch(`${portal.origin}/readyz`)).status === 200, 30_000);
    const pid = Number(readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(pid, "SIGKILL");

    await waitFor("/readyz says unready", async () => (await fetch(`${portal.origin}/readyz`)).status === 503, 20_000);
    const report = (await (await fetch(`${portal.origin}/readyz`)).json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(report.status).toBe("unready");
    expect(report.checks.database?.ok).toBe(false);
    const token = await fetch(`${portal.origin}/v2/token?service=${portal.host}`, { headers: { Authorization: `Basic ${Buffer.from("nobody@example.com:a long password").toString("base64")}` } });
    const text = await token.text();
    if (token.status !== 200) {
      expect([401, 503]).toContain(token.status);
      expect(text).not.toMatch(/prisma|invocation|ECONNREFUSED|127\.0\.0\.1/i);
    }

    await waitFor("/readyz is ready again", async () => (await fetch(`${portal.origin}/readyz`)).status === 200, 90_000);
    expect(portal.lines.join("\n")).toMatch(/PostgreSQL is back/);
    portal.child.kill("SIGTERM");
    expect(await portal.exited).toBe(0);
  });
});
