/**
 * POST /api/v1/registries/{name}/test end to end: registries saved through the API,
 * their sealed secrets opened by the service, and the connection test run against a
 * real third-party registry (Debian's docker-registry, htpasswd and token auth) and
 * against things that are not registries. 127.0.0.1 is allowed through
 * EXTERNAL_REGISTRY_ALLOW as an operator would; 127.0.0.2 and ::1 are not, and
 * listeners there prove the guard refuses before any connection is made.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findFreePort, type RunningRegistry } from "@/lib/external/test-support/docker-registry";
import type { TokenRealm } from "@/lib/external/test-support/token-realm";
import { startUpstreamRegistries, type UpstreamRegistries } from "@/lib/external/test-support/upstream-registries";
import { testDatabaseUrl } from "@/lib/test/database";
import { callRoute } from "@/lib/test/call-route";
import { createTestAccount, type TestAccount } from "@/lib/test/fixtures";
import * as registryRoute from "./[name]/route";
import * as testRoute from "./[name]/test/route";
import * as registriesRoute from "./route";

const USERNAME = "vendor-bot";
const PASSWORD = `Correct-Horse-${randomBytes(6).toString("hex")}`;
const WRONG_PASSWORD = `wrong-password-${randomBytes(6).toString("hex")}`;
const TAG = "1.0";
const ENV_KEYS = ["EXTERNAL_REGISTRY_ALLOW", "SECRETS_KEY", "NEXTAUTH_SECRET"] as const;
const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

let account: TestAccount;
let upstream: UpstreamRegistries | undefined;
let basicRegistry: RunningRegistry;
let tokenRegistry: RunningRegistry;
let realm: TokenRealm;
let manifestDigest = "";
const closers: Array<() => Promise<void>> = [];
const bodies: string[] = [];

async function save(name: string, endpoint: string, password = PASSWORD): Promise<void> {
  const res = await callRoute(registriesRoute.POST, { method: "POST", token: account.token, json: { name, endpoint, username: USERNAME, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  bodies.push(JSON.stringify(res.body));
}

async function runTest(name: string, json: Record<string, unknown> = {}) {
  const res = await callRoute(testRoute.POST, { method: "POST", token: account.token, params: { name }, json });
  bodies.push(JSON.stringify(res.body));
  return res;
}

const stepsOf = (body: { steps: Array<{ step: string; ok: boolean }> }) => body.steps.map((s) => [s.step, s.ok]);

/** A TCP listener that counts the connections it gets. */
async function listenCounting(host: string): Promise<{ port: number; connections: () => number }> {
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, host, resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return { port: (server.address() as net.AddressInfo).port, connections: () => count };
}

async function serveHttp(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return (server.address() as net.AddressInfo).port;
}

beforeAll(async () => {
  testDatabaseUrl();
  process.env.EXTERNAL_REGISTRY_ALLOW = "127.0.0.1";
  process.env.SECRETS_KEY ??= randomBytes(32).toString("hex");
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  account = await createTestAccount("conn-test");

  upstream = await startUpstreamRegistries({ prefix: "slipway-registry-api-", username: USERNAME, password: PASSWORD, tag: TAG });
  ({ basicRegistry, tokenRegistry, realm, manifestDigest } = upstream);
});

afterAll(async () => {
  await Promise.all([upstream?.stop(), ...closers.map((close) => close())]);
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

describe("against docker-registry with htpasswd (Basic)", () => {
  it("passes every step with the right credentials and finds the pushed manifest", async () => {
    await save("basic", basicRegistry.endpoint);
    const res = await runTest("basic", { image: "acme/app", tag: TAG });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
    expect(stepsOf(res.body)).toEqual([["resolve", true], ["connect", true], ["authenticate", true], ["manifest", true]]);
    expect(res.body.steps[0].message).toMatch(/allowed by EXTERNAL_REGISTRY_ALLOW/);
    expect(res.body.steps[3].message).toContain(`Found acme/app:${TAG} (application/vnd.oci.image.manifest.v1+json, ${manifestDigest},`);
    expect(res.body.ms).toBeGreaterThanOrEqual(0);
    for (const step of res.body.steps) expect(step.ms).toEqual(expect.any(Number));
  });

  it("fails the credentials step with the registry's own words for a wrong password, and passes once it is corrected", async () => {
    await save("wrong", basicRegistry.endpoint, WRONG_PASSWORD);
    const wrong = await runTest("wrong", { image: "acme/app", tag: TAG });
    expect(wrong.status).toBe(200);
    expect(wrong.body.ok).toBe(false);
    expect(stepsOf(wrong.body)).toEqual([["resolve", true], ["connect", true], ["authenticate", false]]);
    expect(wrong.body.steps[2].message).toBe("Authentication failed: The registry refused the credentials (Basic authentication): UNAUTHORIZED: authentication required");

    const fixed = await callRoute(registryRoute.PATCH, { method: "PATCH", token: account.token, params: { name: "wrong" }, json: { password: PASSWORD } });
    expect(fixed.status).toBe(200);
    expect((await runTest("wrong", { image: "acme/app", tag: TAG })).body.ok).toBe(true);
  });

  it("reports an unknown tag as not found, and the namespace applies to the image", async () => {
    const res = await runTest("basic", { image: "acme/app", tag: "nope" });
    expect(stepsOf(res.body)).toEqual([["resolve", true], ["connect", true], ["authenticate", true], ["manifest", false]]);
    expect(res.body.steps[3].message).toMatch(/^The image look-up failed: Tag or digest acme\/app:nope not found: MANIFEST_UNKNOWN/);
    await save("namespaced", `${basicRegistry.endpoint}/acme`);
    const namespaced = await runTest("namespaced", { image: "app", tag: TAG });
    expect(namespaced.body.steps[3].message).toContain(`Found acme/app:${TAG}`);
  });

  it("refuses a malformed tag as input, not as a failed step", async () => {
    const res = await runTest("basic", { image: "acme/app", tag: "-bad" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^tag: /);
  });
});

describe("against docker-registry with token auth (Bearer)", () => {
  it("gets a token from the realm and finds the manifest; a wrong password fails with the realm's words", async () => {
    await save("token", tokenRegistry.endpoint);
    const good = await runTest("token", { image: "acme/app", tag: TAG });
    expect(stepsOf(good.body)).toEqual([["resolve", true], ["connect", true], ["authenticate", true], ["manifest", true]]);
    expect(good.body.steps[2].message).toBe(`The registry accepted the credentials (a Bearer token from ${new URL(realm.url).host}).`);
    expect(good.body.steps[3].message).toContain(manifestDigest);

    await save("token-wrong", tokenRegistry.endpoint, WRONG_PASSWORD);
    const bad = await runTest("token-wrong", { image: "acme/app" });
    expect(bad.body.steps[2]).toMatchObject({ step: "authenticate", ok: false });
    expect(bad.body.steps[2].message).toBe(`Authentication failed: The token server at ${new URL(realm.url).host} refused the credentials: incorrect username or password`);
  });
});

describe("against things that are not registries", () => {
  it("reports a port with nothing listening as a refused connection", async () => {
    const port = await findFreePort();
    await save("nothing", `127.0.0.1:${port}`);
    const res = await runTest("nothing");
    expect(stepsOf(res.body)).toEqual([["resolve", true], ["connect", false]]);
    expect(res.body.steps[1].message).toBe(`Connecting to the registry failed: Could not connect to 127.0.0.1:${port}: the connection was refused (nothing is listening on that port).`);
  });

  it("reports a plain HTTP server as not a registry, with its own words", async () => {
    const port = await serveHttp((_req, res) => {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("404 page not found");
    });
    await save("web", `127.0.0.1:${port}`);
    const res = await runTest("web");
    expect(stepsOf(res.body)).toEqual([["resolve", true], ["connect", false]]);
    expect(res.body.steps[1].message).toBe(
      `Connecting to the registry failed: http://127.0.0.1:${port}/v2/ answered HTTP 404; this is not a container registry API: 404 page not found`,
    );
  });
});

describe("addresses the operator did not allow", () => {
  it.each([
    ["127.0.0.2", (port: number) => `127.0.0.2:${port}`, /127\.0\.0\.2 is a loopback address/],
    ["::1", (port: number) => `[::1]:${port}`, /::1 is a loopback address/],
  ])("refuses %s at the resolve step, names EXTERNAL_REGISTRY_ALLOW, and sends it nothing", async (host, endpointFor, reason) => {
    const listener = await listenCounting(host);
    const name = `refused-${host === "::1" ? "v6" : "v4"}`;
    await save(name, endpointFor(listener.port));
    const res = await runTest(name, { image: "acme/app", tag: TAG });
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.steps).toEqual([{ step: "resolve", ok: false, message: expect.stringMatching(reason), ms: expect.any(Number) }]);
    expect(res.body.steps[0].message).toContain("EXTERNAL_REGISTRY_ALLOW");
    // Give a stray connection time to arrive before asserting there was none.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(listener.connections()).toBe(0);
  });
});

describe("secrecy", () => {
  it("never puts a stored password into an answer", () => {
    expect(bodies.length).toBeGreaterThan(12);
    for (const body of bodies) {
      for (const secret of [PASSWORD, WRONG_PASSWORD]) {
        expect(body).not.toContain(secret);
        expect(body).not.toContain(Buffer.from(`${USERNAME}:${secret}`).toString("base64"));
      }
    }
  });
});
