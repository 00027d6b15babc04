/**
 * The registry on S3 storage (a real Ceph RGW) against the real client: skopeo pushes a
 * two-platform index and a 200 MiB layer and pulls them back byte for byte, through a
 * registry that streams blobs and through one that redirects downloads to presigned URLs
 * (REGISTRY_REDIRECT), both on the same bucket and database.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTenant, fetchTenantToken, pushBlob, startTestRegistry, type TestRegistry, type TestTenant } from "@/lib/registry/http/test-registry";
import { readLayoutTag, writeImageLayout, writeIndexLayout, type PlatformSpec } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { createRgwStorage, startCephRgw, type CephRgw, type RgwStorage } from "@/lib/test/ceph-rgw";
import { testPrisma } from "@/lib/test/database";

let rgw: CephRgw;
let bucket: RgwStorage;
let streaming: TestRegistry;
let redirecting: TestRegistry;
let tenant: TestTenant;
let work: string;
let skopeo: SkopeoEnvironment;
let credentials: string;

beforeAll(async () => {
  rgw = await startCephRgw();
  bucket = await createRgwStorage(rgw);
  // Two instances of one installation: the same store, database, token secret and REGISTRY_HOST.
  const shared = { storage: bucket.driver, tokenSecret: randomBytes(32), registryHost: "slipway.test" };
  streaming = await startTestRegistry(shared);
  redirecting = await startTestRegistry({ ...shared, redirectBlobs: true });
  tenant = await createTestTenant("s3-skopeo");
  work = await mkdtemp(path.join(tmpdir(), "slipway-s3-skopeo-"));
  skopeo = await prepareSkopeo(work);
  credentials = `${tenant.account.email}:${tenant.account.password}`;
}, 120_000);

afterAll(async () => {
  await streaming?.close();
  await redirecting?.close();
  await rgw?.stop();
  await rm(work, { recursive: true, force: true });
});

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Every blob of a layout, checked against its own name. */
async function layoutDigests(dir: string): Promise<string[]> {
  const root = path.join(dir, "blobs", "sha256");
  const digests: string[] = [];
  for (const hex of await readdir(root)) {
    if (hex.endsWith(".tmp")) continue;
    expect(await sha256File(path.join(root, hex))).toBe(hex);
    digests.push(`sha256:${hex}`);
  }
  return digests.sort();
}

const platform = (architecture: string, layerSizes: number[]): PlatformSpec => ({ os: "linux", architecture, layerSizes });

/** Pushes through `pushTo`, pulls through each registry, and checks every copy holds the pushed bytes and every blob is in the bucket. */
async function roundTrip(label: string, write: (dir: string) => Promise<{ digest: string }>, all: boolean): Promise<void> {
  const source = path.join(work, `${label}-source`);
  const { digest } = await write(source);
  const extra = all ? ["--all"] : [];
  await skopeoCopy(skopeo, `oci:${source}:v1`, `docker://${streaming.host}/${tenant.slug}/${label}:v1`, credentials, extra);
  const pushed = await layoutDigests(source);
  // Layers and configs are objects in the bucket (manifests live in the database).
  const stored = await testPrisma().blob.findMany({ where: { digest: { in: pushed } }, select: { digest: true } });
  expect(stored.length).toBeGreaterThanOrEqual(2);
  for (const { digest: inStore } of stored) expect(await bucket.hasBlob(inStore)).toBe(true);
  for (const registry of [streaming, redirecting]) {
    const copy = path.join(work, `${label}-copy`);
    await skopeoCopy(skopeo, `docker://${registry.host}/${tenant.slug}/${label}:v1`, `oci:${copy}:v1`, credentials, extra);
    expect(await readLayoutTag(copy, "v1")).toBe(digest);
    expect(await layoutDigests(copy)).toEqual(pushed);
    await rm(copy, { recursive: true, force: true });
  }
  await rm(source, { recursive: true, force: true });
}

describe("skopeo on S3 storage (Ceph RGW)", () => {
  it("round-trips a two-platform index, streamed and redirected", async () => {
    await roundTrip("multi", (dir) => writeIndexLayout(dir, "v1", [platform("amd64", [400_000, 90_000]), platform("arm64", [500_000])]), true);
    // The redirecting registry sent the layers to the store: 307s, no blob bodies of its own.
    const redirects = redirecting.requests.filter((line) => /^GET \/v2\/.+\/blobs\/sha256:[0-9a-f]{64} 307$/.test(line));
    expect(redirects.length).toBeGreaterThanOrEqual(3);
    expect(streaming.requests.some((line) => /^GET \/v2\/.+\/blobs\/sha256:[0-9a-f]{64} 200$/.test(line))).toBe(true);
  });

  it("round-trips a 200 MiB layer byte for byte, streamed and redirected, without holding it in memory", async () => {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    try {
      await roundTrip("large", (dir) => writeImageLayout(dir, "v1", platform("amd64", [200 * 1024 * 1024])), false);
    } finally {
      clearInterval(sampler);
    }
    // This process also generates and hashes the layout; multipart parts are bounded (a few 8 MiB parts per write), a buffered blob would add 200 MiB.
    expect(peak - baseline).toBeLessThan(150 * 1024 * 1024);
  }, 300_000);

  it("redirects a ranged GET to a presigned URL that answers the range, and streams it without redirects", async () => {
    const name = `${tenant.slug}/ranged`;
    const token = await fetchTenantToken(streaming, tenant, [name]);
    const data = randomBytes(3 * 1024 * 1024);
    const digest = await pushBlob(streaming, token, name, data);
    const range = { Range: "bytes=1000000-2000000" };
    const redirect = await fetch(`${redirecting.origin}/v2/${name}/blobs/${digest}`, { headers: { Authorization: `Bearer ${token}`, ...range }, redirect: "manual" });
    expect(redirect.status).toBe(307);
    const location = redirect.headers.get("location")!;
    expect(location).toMatch(new RegExp(`^${rgw.endpoint}/`));
    const fromStore = await fetch(location, { headers: range });
    expect(fromStore.status).toBe(206);
    expect(Buffer.from(await fromStore.arrayBuffer()).equals(data.subarray(1_000_000, 2_000_001))).toBe(true);
    const streamed = await fetch(`${streaming.origin}/v2/${name}/blobs/${digest}`, { headers: { Authorization: `Bearer ${token}`, ...range } });
    expect(streamed.status).toBe(206);
    expect(Buffer.from(await streamed.arrayBuffer()).equals(data.subarray(1_000_000, 2_000_001))).toBe(true);
    expect(streaming.loggedErrors).toEqual([]);
    expect(redirecting.loggedErrors).toEqual([]);
  });
});
