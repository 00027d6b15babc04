/**
 * A customer's license with the real client: skopeo pulls the vendor's image with
 * `--creds LICENSE:LICENSE` (and with any username) byte for byte, and a push with the
 * license fails on the registry's read-only refusal.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestCustomer, type TestCustomer } from "@/lib/customers/test-support/create-test-customer";
import { testPrisma } from "@/lib/test/database";
import { createTestTenant, startTestRegistry, type TestRegistry, type TestTenant } from "@/lib/registry/http/test-registry";
import { readLayoutTag, writeImageLayout } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";

let registry: TestRegistry;
let vendor: TestTenant;
let customer: TestCustomer;
let work: string;
let skopeo: SkopeoEnvironment;
let source: string;
let reference: string;

beforeAll(async () => {
  registry = await startTestRegistry();
  vendor = await createTestTenant("skopeo-license");
  customer = await createTestCustomer(testPrisma(), { slug: vendor.slug, createdById: vendor.account.principal.userId });
  work = await mkdtemp(path.join(tmpdir(), "slipway-skopeo-license-"));
  skopeo = await prepareSkopeo(work);
  source = path.join(work, "source");
  await writeImageLayout(source, "v1", { os: "linux", architecture: "amd64", layerSizes: [700_000, 50_000] });
  reference = `docker://${registry.host}/${vendor.slug}/app:v1`;
  await skopeoCopy(skopeo, `oci:${source}:v1`, reference, `${vendor.account.email}:${vendor.account.password}`);
});

afterAll(async () => {
  expect(registry.loggedErrors).toEqual([]);
  await registry.close();
  await rm(work, { recursive: true, force: true });
});

/** Every blob of a layout as name → bytes. */
async function readBlobs(dir: string): Promise<Map<string, Buffer>> {
  const root = path.join(dir, "blobs", "sha256");
  const blobs = new Map<string, Buffer>();
  for (const hex of await readdir(root)) if (!hex.endsWith(".tmp")) blobs.set(hex, await readFile(path.join(root, hex)));
  return blobs;
}

describe("skopeo with a license", () => {
  it.each([
    ["the license ID as username and password", () => `${customer.licenseId}:${customer.licenseId}`],
    ["any username", () => `customer:${customer.licenseId}`],
  ])("pulls the application's image byte for byte with %s", async (label, credentials) => {
    const copy = path.join(work, `copy-${label.length}`);
    await skopeoCopy(skopeo, reference, `oci:${copy}:v1`, credentials());
    expect(await readLayoutTag(copy, "v1")).toBe(await readLayoutTag(source, "v1"));
    const pushed = await readBlobs(source);
    const pulled = await readBlobs(copy);
    expect([...pulled.keys()].sort()).toEqual([...pushed.keys()].sort());
    for (const [hex, bytes] of pulled) expect(bytes.equals(pushed.get(hex)!), hex).toBe(true);
  });

  it("cannot push: the copy fails on the read-only refusal", async () => {
    const target = `docker://${registry.host}/${vendor.slug}/pushed-by-customer:v1`;
    await expect(skopeoCopy(skopeo, `oci:${source}:v1`, target, `${customer.licenseId}:${customer.licenseId}`)).rejects.toThrow(/read-only|denied/i);
    expect(registry.requests.some((line) => line.startsWith(`POST /v2/${vendor.slug}/pushed-by-customer/blobs/uploads/`) && line.endsWith(" 403"))).toBe(true);
    expect(await testPrisma().repository.findUnique({ where: { name: `${vendor.slug}/pushed-by-customer` } })).toBeNull();
  });
});
