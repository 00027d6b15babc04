/**
 * The proxy against an upstream that misbehaves: a small fake registry on loopback that
 * asks for Basic credentials, announces Docker Hub's `ratelimit-remaining`, and serves a
 * layer whose bytes do not match its digest. The client gets an error (the first one a
 * connection cut short of its Content-Length, later ones a 502), nothing is cached, and
 * the registry's proxy figures (GET /api/v1/registries/{name}/proxy) say what happened.
 * A second, slow but honest upstream shows that a client leaving in the middle of a blob
 * does not stop the fill: the blob is still stored, verified, and served whole.
 */
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as proxyStatsRoute from "@/app/api/v1/registries/[name]/proxy/route";
import { computeDigest } from "@/lib/registry/digests";
import { findRepositoryBlob } from "@/lib/registry/metadata/blobs";
import { fetchLicenseToken } from "@/lib/registry/http/test-registry";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";
import { createTestAccount } from "@/lib/test/fixtures";
import { createLicense, proxyName, registerUpstream, releaseImages, startProxyTestbed, type ProxyTestbed } from "./test-support/proxy-testbed";

const USERNAME = "robot";
const PASSWORD = "Fake-Upstream-Password-31d8";
const right = randomBytes(3 * 1024 * 1024 + 17);
const wrong = Buffer.from(right.map((byte) => byte ^ 0xff));
const layerDigest = computeDigest(right);
const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [] } }));
const manifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: computeDigest(config), size: config.length },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: layerDigest, size: right.length }],
  }),
);

const goodLayer = randomBytes(8 * 1024 * 1024 + 5);
const goodDigest = computeDigest(goodLayer);
const goodManifest = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: computeDigest(config), size: config.length },
    layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: goodDigest, size: goodLayer.length }],
  }),
);

let fake: http.Server;
let slow: http.Server;
let endpoint: string;
let slowEndpoint: string;
let slowName: string;
const fakeRequests: string[] = [];
let testbed: ProxyTestbed;
let licenseId: string;
let name: string;

/** A registry that wants Basic auth, sends `ratelimit-remaining`, and serves the wrong bytes for the layer. */
function serveFakeRegistry(req: http.IncomingMessage, res: http.ServerResponse): void {
  fakeRequests.push(`${req.method} ${req.url}`);
  if (req.headers.authorization !== `Basic ${Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64")}`) {
    res.writeHead(401, { "WWW-Authenticate": 'Basic realm="fake"', "Content-Type": "application/json" });
    res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }));
    return;
  }
  const headers = { "Docker-Distribution-API-Version": "registry/2.0", "ratelimit-remaining": "42;w=21600" };
  if (req.url === "/v2/acme/bad/manifests/1.0") {
    res.writeHead(200, { ...headers, "Content-Type": "application/vnd.oci.image.manifest.v1+json", "Content-Length": manifest.length, "Docker-Content-Digest": computeDigest(manifest) });
    res.end(req.method === "HEAD" ? undefined : manifest);
  } else if (req.url === `/v2/acme/bad/blobs/${layerDigest}`) {
    res.writeHead(200, { ...headers, "Content-Type": "application/octet-stream", "Content-Length": wrong.length });
    res.end(req.method === "HEAD" ? undefined : wrong);
  } else {
    res.writeHead(404, { ...headers, "Content-Type": "application/json" });
    res.end(JSON.stringify({ errors: [{ code: "BLOB_UNKNOWN", message: "blob unknown to registry" }] }));
  }
}

/** An honest registry (no auth) that sends its layer in 256 KiB pieces every 20 ms, so a fill takes most of a second. */
function serveSlowRegistry(req: http.IncomingMessage, res: http.ServerResponse): void {
  const headers = { "Docker-Distribution-API-Version": "registry/2.0" };
  if (req.url === "/v2/acme/good/manifests/1.0") {
    res.writeHead(200, { ...headers, "Content-Type": "application/vnd.oci.image.manifest.v1+json", "Content-Length": goodManifest.length, "Docker-Content-Digest": computeDigest(goodManifest) });
    res.end(req.method === "HEAD" ? undefined : goodManifest);
  } else if (req.url === `/v2/acme/good/blobs/${goodDigest}`) {
    res.writeHead(200, { ...headers, "Content-Type": "application/octet-stream", "Content-Length": goodLayer.length });
    if (req.method === "HEAD") return void res.end();
    let offset = 0;
    const timer = setInterval(() => {
      res.write(goodLayer.subarray(offset, offset + 256 * 1024));
      offset += 256 * 1024;
      if (offset >= goodLayer.length) {
        clearInterval(timer);
        res.end();
      }
    }, 20);
    res.on("close", () => clearInterval(timer));
  } else {
    res.writeHead(404, { ...headers, "Content-Type": "application/json" });
    res.end(JSON.stringify({ errors: [{ code: "BLOB_UNKNOWN", message: "blob unknown to registry" }] }));
  }
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  fake = http.createServer(serveFakeRegistry);
  slow = http.createServer(serveSlowRegistry);
  endpoint = await listen(fake);
  slowEndpoint = await listen(slow);
  testbed = await startProxyTestbed("proxy-bad");
  await registerUpstream(testbed, "fake", endpoint, USERNAME, PASSWORD);
  await registerUpstream(testbed, "slow", slowEndpoint, USERNAME, PASSWORD);
  await releaseImages(
    testbed.vendor.principal,
    testbed.vendor.app.slug,
    [
      { source: "fake", endpoint, name: "acme/bad", tag: "1.0" },
      { source: "slow", endpoint: slowEndpoint, name: "acme/good", tag: "1.0" },
    ],
    "Stable",
  );
  licenseId = await createLicense(testbed, "Stable");
  name = proxyName(testbed, endpoint, "acme/bad");
  slowName = proxyName(testbed, slowEndpoint, "acme/good");
});

afterAll(async () => {
  await testbed?.close();
  await new Promise<void>((resolve) => fake?.close(() => resolve()));
  await new Promise<void>((resolve) => slow?.close(() => resolve()));
});

async function readAll(response: Response): Promise<{ size: number; digest: string; error: string | null }> {
  const hash = createHash("sha256");
  let size = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { size, digest: `sha256:${hash.digest("hex")}`, error: null };
  } catch (error) {
    return { size, digest: "", error: String(error) };
  }
}

describe("an upstream that serves a wrong blob", () => {
  it("fails the client's pull, caches nothing, and counts the failure", async () => {
    const token = await fetchLicenseToken(testbed.registry, licenseId, [`repository:${name}:pull`]);
    const auth = { Authorization: `Bearer ${token}` };
    const manifestResponse = await fetch(`${testbed.registry.origin}/v2/${name}/manifests/1.0`, { headers: auth });
    expect(manifestResponse.status).toBe(200);

    // The first client gets the bytes as they arrive, but never all of them: the last chunk waits for the digest check.
    const first = await fetch(`${testbed.registry.origin}/v2/${name}/blobs/${layerDigest}`, { headers: auth });
    const received = first.status === 200 ? await readAll(first) : null;
    if (received) {
      expect(received.error).not.toBeNull();
      expect(received.size).toBeLessThan(right.length);
      // The client saw only a cut connection; the log says why.
      expect(testbed.logLines.some((line) => line.startsWith("warn registry response cut short") && line.includes("does not match"))).toBe(true);
    } else {
      expect(first.status).toBe(502);
    }
    // A range request waits for the stored blob, so it sees the failure as an OCI error.
    const ranged = await fetch(`${testbed.registry.origin}/v2/${name}/blobs/${layerDigest}`, { headers: { ...auth, Range: "bytes=0-99" } });
    expect(ranged.status).toBe(502);
    const body = (await ranged.json()) as { errors: { code: string; message: string }[] };
    expect(body.errors[0]!.message).toMatch(/does not match.*nothing was cached/);

    expect(await findRepositoryBlob(testbed.proxy.prisma, name, layerDigest)).toBeNull();
    expect(await testbed.registry.options.storage.statBlob(layerDigest)).toBeNull();
    expect(await testPrisma().uploadSession.count({ where: { repository: { name } } })).toBe(0);
    // The range request may have joined the first fill (single flight) or started its own.
    expect(fakeRequests.filter((line) => line === `GET /v2/acme/bad/blobs/${layerDigest}`).length).toBeGreaterThanOrEqual(1);
  });

  it("reports the cache and the counters on GET /api/v1/registries/{name}/proxy", async () => {
    await testbed.proxy.stats.flush();
    const response = await callRoute(proxyStatsRoute.GET, { token: testbed.vendor.token, params: { name: "fake" } });
    expect(response.status).toBe(200);
    const stats = response.body as Record<string, unknown>;
    expect(stats).toMatchObject({ cachedImages: 1, misses: 3, rateLimitRemaining: 42 });
    expect(stats.upstreamErrors).toBeGreaterThanOrEqual(1);
    expect(stats.lastError).toMatch(/does not match/);
    expect(JSON.stringify(stats)).not.toContain(PASSWORD);
    const stranger = await createTestAccount("proxy-stranger");
    expect((await callRoute(proxyStatsRoute.GET, { token: stranger.token, params: { name: "fake" } })).status).toBe(404);
  });
});

describe("a client that leaves in the middle of a blob", () => {
  it("does not stop the fill: the blob is stored, verified, and served whole afterwards", async () => {
    const token = await fetchLicenseToken(testbed.registry, licenseId, [`repository:${slowName}:pull`]);
    const auth = { Authorization: `Bearer ${token}` };
    expect((await fetch(`${testbed.registry.origin}/v2/${slowName}/manifests/1.0`, { headers: auth })).status).toBe(200);
    const leaving = new AbortController();
    const first = await fetch(`${testbed.registry.origin}/v2/${slowName}/blobs/${goodDigest}`, { headers: auth, signal: leaving.signal });
    expect(first.status).toBe(200);
    const reader = first.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    leaving.abort();
    expect(await testbed.registry.options.storage.statBlob(goodDigest)).toBeNull(); // still filling

    const deadline = Date.now() + 20_000;
    while (!(await findRepositoryBlob(testbed.proxy.prisma, slowName, goodDigest)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await findRepositoryBlob(testbed.proxy.prisma, slowName, goodDigest)).not.toBeNull();
    const again = await fetch(`${testbed.registry.origin}/v2/${slowName}/blobs/${goodDigest}`, { headers: auth });
    expect(await readAll(again)).toEqual({ size: goodLayer.length, digest: goodDigest, error: null });
  });
});
