/**
 * The registry against a real client: skopeo pushes OCI layouts generated here (one
 * platform, two platforms, 100+ small layers, one 200 MiB layer), pulls them back and
 * the digests must match byte for byte; skopeo's copy between two of our repositories
 * must mount instead of uploading.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTenant, startTestRegistry, type TestRegistry, type TestTenant } from "@/lib/registry/http/test-registry";
import { readLayoutTag, writeImageLayout, writeIndexLayout, type PlatformSpec } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";

let registry: TestRegistry;
let tenant: TestTenant;
let work: string;
let skopeo: SkopeoEnvironment;
let credentials: string;

beforeAll(async () => {
  registry = await startTestRegistry();
  tenant = await createTestTenant("skopeo");
  work = await mkdtemp(path.join(tmpdir(), "slipway-skopeo-"));
  skopeo = await prepareSkopeo(work);
  credentials = `${tenant.account.email}:${tenant.account.password}`;
});

afterAll(async () => {
  expect(registry.loggedErrors).toEqual([]);
  await registry.close();
  await rm(work, { recursive: true, force: true });
});

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Every blob of a layout, checked against its own name, as digest → size. */
async function layoutBlobs(dir: string): Promise<Map<string, number>> {
  const blobs = new Map<string, number>();
  const root = path.join(dir, "blobs", "sha256");
  for (const hex of await readdir(root)) {
    if (hex.endsWith(".tmp")) continue;
    expect(await sha256File(path.join(root, hex))).toBe(hex);
    blobs.set(`sha256:${hex}`, (await stat(path.join(root, hex))).size);
  }
  return blobs;
}

/** Pushes a layout, pulls it back into a fresh one, and checks both hold the same bytes. */
async function roundTrip(label: string, write: (dir: string) => Promise<{ digest: string }>, all = false): Promise<void> {
  const source = path.join(work, `${label}-source`);
  const copy = path.join(work, `${label}-copy`);
  const { digest } = await write(source);
  const reference = `docker://${registry.host}/${tenant.slug}/${label}:v1`;
  const extra = all ? ["--all"] : [];
  await skopeoCopy(skopeo, `oci:${source}:v1`, reference, credentials, extra);
  await skopeoCopy(skopeo, reference, `oci:${copy}:v1`, credentials, extra);
  expect(await readLayoutTag(copy, "v1")).toBe(digest);
  const pushed = await layoutBlobs(source);
  const pulled = await layoutBlobs(copy);
  expect([...pulled].sort()).toEqual([...pushed].sort());
  await rm(copy, { recursive: true, force: true });
}

const platform = (architecture: string, layerSizes: number[]): PlatformSpec => ({ os: "linux", architecture, layerSizes });

describe("skopeo", () => {
  it("pushes and pulls a single-platform image", async () => {
    await roundTrip("single", (dir) => writeImageLayout(dir, "v1", platform("amd64", [1_500_000, 300_000])));
  });

  it("pushes and pulls a two-platform index with --all", async () => {
    await roundTrip("multi", (dir) => writeIndexLayout(dir, "v1", [platform("amd64", [400_000]), platform("arm64", [500_000])]), true);
  });

  it("pushes and pulls an image with 120 small layers", async () => {
    await roundTrip("layers", (dir) => writeImageLayout(dir, "v1", platform("amd64", Array.from({ length: 120 }, (_, index) => 1024 + index))));
  });

  it("pushes and pulls a 200 MiB layer without holding it in memory", async () => {
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    try {
      await roundTrip("large", (dir) => writeImageLayout(dir, "v1", platform("amd64", [200 * 1024 * 1024])));
    } finally {
      clearInterval(sampler);
    }
    // The test process also generates and hashes the layout; a buffered blob alone would add 200 MiB.
    expect(peak - baseline).toBeLessThan(150 * 1024 * 1024);
  });

  it("copies between two of our repositories by mounting blobs, not uploading them", async () => {
    const from = `docker://${registry.host}/${tenant.slug}/single:v1`;
    const to = `docker://${registry.host}/${tenant.slug}/single-copy:v1`;
    await skopeoCopy(skopeo, from, to, credentials);
    const target = `/v2/${tenant.slug}/single-copy/`;
    const mounts = registry.requests.filter((line) => line.startsWith(`POST ${target}blobs/uploads/?`) && line.includes("mount=") && line.endsWith(" 201"));
    expect(mounts).toHaveLength(2);
    // skopeo mounts layers; it re-uploads only the small config blob.
    expect(registry.requests.filter((line) => line.startsWith(`PATCH ${target}`))).toHaveLength(1);
    const copy = path.join(work, "mounted-copy");
    await skopeoCopy(skopeo, to, `oci:${copy}:v1`, credentials);
    expect(await readLayoutTag(copy, "v1")).toBe(await readLayoutTag(path.join(work, "single-source"), "v1"));
  });
});
