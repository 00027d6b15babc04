/**
 * The registry client against a real third-party registry: Debian's docker-registry
 * (CNCF distribution 2.8) on loopback, once with htpasswd (Basic) auth and once with
 * token (Bearer) auth backed by a realm served here, holding an image pushed by
 * skopeo. Loopback is reached only because the tests allow 127.0.0.1 explicitly.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "./address-guard";
import { checkTagExists, headManifest } from "./registry-client";
import { findFreePort, type RunningRegistry } from "./test-support/docker-registry";
import type { TokenRealm } from "./test-support/token-realm";
import { startUpstreamRegistries, type UpstreamRegistries } from "./test-support/upstream-registries";
import { testRegistryConnection, type ConnectionTestResult } from "./test-registry-connection";

const USERNAME = "vendor-bot";
const PASSWORD = "Correct-Horse-Battery-Staple-42";
const TAG = "1.0";
const allow = parseAllowList("127.0.0.1");

let upstream: UpstreamRegistries | undefined;
let basicRegistry: RunningRegistry;
let tokenRegistry: RunningRegistry;
let realm: TokenRealm;
let manifestDigest = "";
const servers: http.Server[] = [];
const results: ConnectionTestResult[] = [];

async function runTest(input: Parameters<typeof testRegistryConnection>[0], timeoutMs?: number): Promise<ConnectionTestResult> {
  const result = await testRegistryConnection(input, { allow, timeoutMs });
  results.push(result);
  return result;
}

async function serve(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

beforeAll(async () => {
  upstream = await startUpstreamRegistries({ prefix: "slipway-external-", username: USERNAME, password: PASSWORD, tag: TAG });
  ({ basicRegistry, tokenRegistry, realm, manifestDigest } = upstream);
});

afterAll(async () => {
  await upstream?.stop();
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

describe("testRegistryConnection against docker-registry with htpasswd (Basic)", () => {
  it("passes every step with the right credentials and finds the pushed manifest", async () => {
    const result = await runTest({ endpoint: basicRegistry.endpoint, username: USERNAME, password: PASSWORD, image: "acme/app", tag: TAG });
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([["resolve", true], ["connect", true], ["authenticate", true], ["manifest", true]]);
    expect(result.ok).toBe(true);
    expect(result.steps[0].message).toMatch(/127\.0\.0\.1, allowed by EXTERNAL_REGISTRY_ALLOW; connecting over plain HTTP/);
    expect(result.steps[1].message).toMatch(/answered 401: this is a registry and it asks for Basic authentication \(realm basic-realm\)/);
    expect(result.steps[2].message).toBe("The registry accepted the credentials (Basic authentication).");
    expect(result.steps[3].message).toContain(`Found acme/app:${TAG} (application/vnd.oci.image.manifest.v1+json, ${manifestDigest},`);
    for (const step of result.steps) expect(step.ms).toBeGreaterThanOrEqual(0);
  });

  it("applies the endpoint's namespace to the image name", async () => {
    const result = await runTest({ endpoint: `http://${basicRegistry.endpoint}/acme/`, username: USERNAME, password: PASSWORD, image: "app", tag: TAG });
    expect(result.ok).toBe(true);
    expect(result.steps[3].message).toContain(`Found acme/app:${TAG}`);
  });

  it("fails the credentials step with the registry's own words for a wrong password", async () => {
    const result = await runTest({ endpoint: basicRegistry.endpoint, username: USERNAME, password: "wrong-password-123", image: "acme/app" });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.step)).toEqual(["resolve", "connect", "authenticate"]);
    expect(result.steps[2]).toMatchObject({ ok: false });
    expect(result.steps[2].message).toBe("Authentication failed: The registry refused the credentials (Basic authentication): UNAUTHORIZED: authentication required");
  });

  it("reports an unknown tag and an unknown repository as not found", async () => {
    const tag = await runTest({ endpoint: basicRegistry.endpoint, username: USERNAME, password: PASSWORD, image: "acme/app", tag: "nope" });
    expect(tag.steps[3]).toMatchObject({ step: "manifest", ok: false });
    expect(tag.steps[3].message).toMatch(/^The image look-up failed: Tag or digest acme\/app:nope not found: MANIFEST_UNKNOWN: manifest unknown/);
    // distribution 2.8 does not tell a missing repository from a missing tag.
    const repo = await runTest({ endpoint: basicRegistry.endpoint, username: USERNAME, password: PASSWORD, image: "acme/missing" });
    expect(repo.steps[3].message).toMatch(/^The image look-up failed: Tag or digest acme\/missing:latest not found: MANIFEST_UNKNOWN/);
  });

  it("answers the preview's look-ups: headManifest and checkTagExists", async () => {
    const connection = { endpoint: basicRegistry.endpoint, username: USERNAME, password: PASSWORD };
    const head = await headManifest(connection, "acme/app", TAG, { allow });
    expect(head).toMatchObject({ repository: "acme/app", reference: TAG, digest: manifestDigest, mediaType: "application/vnd.oci.image.manifest.v1+json" });
    expect(await headManifest(connection, "acme/app", manifestDigest, { allow })).toMatchObject({ digest: manifestDigest });
    expect(await checkTagExists(connection, "acme/app", TAG, { allow })).toBe(true);
    expect(await checkTagExists(connection, "acme/app", "2.0", { allow })).toBe(false);
    await expect(checkTagExists({ ...connection, password: "bad-password-99" }, "acme/app", TAG, { allow })).rejects.toMatchObject({ reason: "unauthorized" });
  });

  it("refuses the same registry when 127.0.0.1 is not allowed, without connecting", async () => {
    const result = await testRegistryConnection({ endpoint: basicRegistry.endpoint, username: USERNAME, password: PASSWORD }, { allow: parseAllowList("") });
    expect(result.steps).toEqual([expect.objectContaining({ step: "resolve", ok: false, message: expect.stringContaining("EXTERNAL_REGISTRY_ALLOW") })]);
    await expect(headManifest({ endpoint: basicRegistry.endpoint }, "acme/app", TAG, { allow: parseAllowList("") })).rejects.toMatchObject({ reason: "refused_address" });
  });
});

describe("testRegistryConnection against docker-registry with token auth (Bearer)", () => {
  it("fetches a token from the realm with the pull scope and finds the manifest", async () => {
    const before = realm.requests.length;
    const result = await runTest({ endpoint: tokenRegistry.endpoint, username: USERNAME, password: PASSWORD, image: "acme/app", tag: TAG });
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([["resolve", true], ["connect", true], ["authenticate", true], ["manifest", true]]);
    expect(result.steps[1].message).toContain(`asks for Bearer authentication (realm ${realm.url})`);
    expect(result.steps[2].message).toBe(`The registry accepted the credentials (a Bearer token from ${new URL(realm.url).host}).`);
    expect(result.steps[3].message).toContain(manifestDigest);
    const asked = realm.requests.slice(before);
    expect(asked[0].get("scope")).toBe("repository:acme/app:pull");
    expect(asked[0].get("service")).toBe(realm.service);
    expect(asked[0].get("account")).toBe(USERNAME);
  });

  it("re-authorizes for a repository named only at look-up time", async () => {
    const head = await headManifest({ endpoint: tokenRegistry.endpoint, username: USERNAME, password: PASSWORD }, "acme/app", TAG, { allow });
    expect(head.digest).toBe(manifestDigest);
  });

  it("fails the credentials step with the realm's words for a wrong password", async () => {
    const result = await runTest({ endpoint: tokenRegistry.endpoint, username: USERNAME, password: "wrong-password-456" });
    expect(result.steps[2]).toMatchObject({ step: "authenticate", ok: false });
    expect(result.steps[2].message).toBe(
      `Authentication failed: The token server at ${new URL(realm.url).host} refused the credentials: incorrect username or password`,
    );
  });
});

describe("testRegistryConnection against things that are not registries", () => {
  it("reports a port with nothing listening as a refused connection", async () => {
    const port = await findFreePort();
    const result = await runTest({ endpoint: `127.0.0.1:${port}`, username: USERNAME, password: PASSWORD });
    expect(result.steps.map((s) => [s.step, s.ok])).toEqual([["resolve", true], ["connect", false]]);
    expect(result.steps[1].message).toBe(`Connecting to the registry failed: Could not connect to 127.0.0.1:${port}: the connection was refused (nothing is listening on that port).`);
  });

  it("reports a plain web server as not a registry, with its own words", async () => {
    const notFound = await serve((_req, res) => {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("404 page not found");
    });
    const result = await runTest({ endpoint: `127.0.0.1:${notFound}`, username: USERNAME, password: PASSWORD });
    expect(result.steps[1]).toMatchObject({ step: "connect", ok: false });
    expect(result.steps[1].message).toBe(
      `Connecting to the registry failed: http://127.0.0.1:${notFound}/v2/ answered HTTP 404; this is not a container registry API: 404 page not found`,
    );

    const htmlPage = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>Welcome</body></html>");
    });
    const html = await runTest({ endpoint: `127.0.0.1:${htmlPage}` });
    expect(html.steps[1].message).toMatch(/answered 200 but not as a registry \(no Docker-Distribution-API-Version header, content type text\/html\)/);
  });

  it("times a silent server out after the step budget", async () => {
    const silent = await serve(() => {
      /* never answers */
    });
    const started = Date.now();
    const result = await runTest({ endpoint: `127.0.0.1:${silent}` }, 300);
    expect(result.steps[1]).toMatchObject({ step: "connect", ok: false });
    expect(result.steps[1].message).toBe(`Connecting to the registry failed: The request to 127.0.0.1:${silent} did not finish within 300 ms.`);
    expect(result.steps[1].ms).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("scrubs the password from upstream text that echoes the request back", async () => {
    const echo = await serve((req, res) => {
      if (!req.headers.authorization) {
        res.writeHead(401, { "www-authenticate": 'Basic realm="echo"', "content-type": "application/json" });
        res.end("{}");
        return;
      }
      const decoded = Buffer.from(req.headers.authorization.replace(/^Basic /, ""), "base64").toString();
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "DENIED", message: `you sent ${req.headers.authorization} which is ${decoded}` }] }));
    });
    const result = await runTest({ endpoint: `127.0.0.1:${echo}`, username: USERNAME, password: PASSWORD });
    expect(result.steps[2].message).toBe("Authentication failed: The registry refused the credentials (Basic authentication): DENIED: you sent Basic [redacted] which is [redacted]");
    const lookUp = await headManifest({ endpoint: `127.0.0.1:${echo}`, username: USERNAME, password: PASSWORD }, "acme/app", TAG, { allow }).catch((e: Error) => e);
    expect(lookUp).toMatchObject({ reason: "unauthorized", message: expect.stringContaining("which is [redacted]") });
    expect((lookUp as Error).message).not.toContain(PASSWORD);
  });
});

describe("testRegistryConnection against a scripted anonymous registry", () => {
  // HEAD answers have no body, so a 429 is described by its status line (no second request to a rate limiter).
  it("names missing repositories and rate limiting in plain words", async () => {
    const port = await serve((req, res) => {
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", "docker-distribution-api-version": "registry/2.0", ...headers });
        res.end(req.method === "HEAD" ? undefined : JSON.stringify(body));
      };
      if (req.url === "/v2/") return json(200, {});
      if (req.url?.startsWith("/v2/gone/")) return json(404, { errors: [{ code: "NAME_UNKNOWN", message: "repository name not known to registry" }] });
      return json(429, { errors: [{ code: "TOOMANYREQUESTS", message: "You have reached your pull rate limit." }] }, { "retry-after": "17" });
    });
    const gone = await runTest({ endpoint: `127.0.0.1:${port}`, image: "gone/app" });
    expect(gone.steps.map((s) => s.ok)).toEqual([true, true, true, false]);
    expect(gone.steps[1].message).toMatch(/answered 200: this is a registry and it allows anonymous access/);
    expect(gone.steps[3].message).toBe("The image look-up failed: Repository gone/app not found: NAME_UNKNOWN: repository name not known to registry");

    const busy = await runTest({ endpoint: `127.0.0.1:${port}`, image: "busy/app", tag: "2" });
    expect(busy.steps[3].message).toBe(
      "The image look-up failed: The manifest request for busy/app:2 answered HTTP 429: the registry is rate limiting requests (HTTP 429 Too Many Requests); retry after 17 s.",
    );
    await expect(headManifest({ endpoint: `127.0.0.1:${port}` }, "busy/app", "2", { allow })).rejects.toMatchObject({ reason: "rate_limited", retryAfter: 17 });
  });
});

describe("secrecy", () => {
  it("never puts the password into any result", () => {
    expect(results.length).toBeGreaterThanOrEqual(10);
    for (const result of results) {
      const text = JSON.stringify(result);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64"));
    }
  });
});
