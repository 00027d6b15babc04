/**
 * Two Slipway registry processes of one installation (same database, same RGW bucket,
 * same secrets and REGISTRY_HOST) on different ports, as behind a load balancer: push
 * through A and pull through B; eight concurrent pushes sharing layers, split across
 * both; a chunked upload begun on A and finished on B; a delete on A seen on B at once.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { createTestTenant, type TestTenant } from "@/lib/registry/http/test-registry";
import { readLayoutTag, writeImageLayout } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { sharedInstallationEnv, startRegistryProcess, type RegistryProcess } from "@/lib/registry/storage/test-support/registry-processes";
import { testDatabaseUrl } from "@/lib/test/database";
import { createRgwStorage, startCephRgw, type CephRgw } from "@/lib/test/ceph-rgw";

let rgw: CephRgw;
let a: RegistryProcess;
let b: RegistryProcess;
let tenant: TestTenant;
let work: string;
let skopeo: SkopeoEnvironment;
let credentials: string;

beforeAll(async () => {
  rgw = await startCephRgw();
  const bucket = await createRgwStorage(rgw);
  const env = sharedInstallationEnv(testDatabaseUrl(), bucket.env);
  [a, b] = await Promise.all([startRegistryProcess(env), startRegistryProcess(env)]);
  tenant = await createTestTenant("two-instances");
  work = await mkdtemp(path.join(tmpdir(), "slipway-two-instances-"));
  skopeo = await prepareSkopeo(work);
  credentials = `${tenant.account.email}:${tenant.account.password}`;
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await rgw?.stop();
  await rm(work, { recursive: true, force: true });
});

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function layoutDigests(dir: string): Promise<string[]> {
  const root = path.join(dir, "blobs", "sha256");
  const digests: string[] = [];
  for (const hex of await readdir(root)) {
    if (hex.endsWith(".tmp")) continue;
    expect(await sha256File(path.join(root, hex))).toBe(hex);
    digests.push(hex);
  }
  return digests.sort();
}

async function tokenFrom(instance: RegistryProcess, repositories: string[]): Promise<string> {
  const query = new URLSearchParams({ service: "slipway.test" });
  for (const name of repositories) query.append("scope", `repository:${name}:pull,push,delete`);
  const response = await fetch(`${instance.origin}/v2/token?${query}`, {
    headers: { Authorization: `Basic ${Buffer.from(credentials).toString("base64")}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

describe("two instances on one database and one bucket", () => {
  it("pushes through A and pulls through B byte for byte", async () => {
    const source = path.join(work, "ab-source");
    const copy = path.join(work, "ab-copy");
    const { digest } = await writeImageLayout(source, "v1", { os: "linux", architecture: "amd64", layerSizes: [3_000_000, 200_000] });
    await skopeoCopy(skopeo, `oci:${source}:v1`, `docker://${a.host}/${tenant.slug}/ab:v1`, credentials);
    await skopeoCopy(skopeo, `docker://${b.host}/${tenant.slug}/ab:v1`, `oci:${copy}:v1`, credentials);
    expect(await readLayoutTag(copy, "v1")).toBe(digest);
    expect(await layoutDigests(copy)).toEqual(await layoutDigests(source));
  });

  it("takes eight concurrent pushes sharing layers, split across both, and serves each from the other", async () => {
    const base = path.join(work, "shared-base");
    await writeImageLayout(base, "base", { os: "linux", architecture: "amd64", layerSizes: [2_000_000] });
    // The same image into eight repositories at once: every layer is uploaded concurrently by four clients on each instance.
    const targets = Array.from({ length: 8 }, (_, index) => ({ instance: index % 2 === 0 ? a : b, other: index % 2 === 0 ? b : a, name: `${tenant.slug}/fleet-${index}` }));
    await Promise.all(targets.map((target) => skopeoCopy(skopeo, `oci:${base}:base`, `docker://${target.instance.host}/${target.name}:v1`, credentials)));
    const expected = await layoutDigests(base);
    for (const [index, target] of targets.entries()) {
      const copy = path.join(work, `fleet-copy-${index}`);
      await skopeoCopy(skopeo, `docker://${target.other.host}/${target.name}:v1`, `oci:${copy}:v1`, credentials);
      expect(await layoutDigests(copy)).toEqual(expected);
    }
  });

  it("continues on B a chunked upload begun on A, and serves the blob from both", async () => {
    const name = `${tenant.slug}/chunked`;
    const token = await tokenFrom(a, [name]);
    const auth = { Authorization: `Bearer ${token}` };
    const data = randomBytes(7 * 1024 * 1024 + 321);
    const started = await fetch(`${a.origin}/v2/${name}/blobs/uploads/`, { method: "POST", headers: auth });
    expect(started.status).toBe(202);
    let location = started.headers.get("location")!;
    const cut = 6 * 1024 * 1024;
    const first = await fetch(`${a.origin}${location}`, {
      method: "PATCH",
      headers: { ...auth, "Content-Type": "application/octet-stream", "Content-Range": `0-${cut - 1}` },
      body: new Uint8Array(data.subarray(0, cut)),
    });
    expect(first.status).toBe(202);
    location = first.headers.get("location")!;
    const status = await fetch(`${b.origin}${location}`, { headers: auth });
    expect(status.status).toBe(204);
    expect(status.headers.get("range")).toBe(`0-${cut - 1}`);
    const digest = computeDigest(data);
    const finished = await fetch(`${b.origin}${location}${location.includes("?") ? "&" : "?"}digest=${digest}`, {
      method: "PUT",
      headers: { ...auth, "Content-Type": "application/octet-stream", "Content-Range": `${cut}-${data.length - 1}` },
      body: new Uint8Array(data.subarray(cut)),
    });
    expect(finished.status).toBe(201);
    for (const instance of [a, b]) {
      const pulled = await fetch(`${instance.origin}/v2/${name}/blobs/${digest}`, { headers: auth });
      expect(pulled.status).toBe(200);
      expect(computeDigest(Buffer.from(await pulled.arrayBuffer()))).toBe(digest);
    }
  });

  it("sees on B at once a manifest deleted on A", async () => {
    const name = `${tenant.slug}/ab`;
    const token = await tokenFrom(b, [name]);
    const auth = { Authorization: `Bearer ${token}`, Accept: "application/vnd.oci.image.manifest.v1+json" };
    const before = await fetch(`${b.origin}/v2/${name}/manifests/v1`, { headers: auth });
    expect(before.status).toBe(200);
    const digest = before.headers.get("docker-content-digest")!;
    expect((await fetch(`${a.origin}/v2/${name}/manifests/${digest}`, { method: "DELETE", headers: auth })).status).toBe(202);
    expect((await fetch(`${b.origin}/v2/${name}/manifests/v1`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${b.origin}/v2/${name}/manifests/${digest}`, { headers: auth })).status).toBe(404);
  });
});
