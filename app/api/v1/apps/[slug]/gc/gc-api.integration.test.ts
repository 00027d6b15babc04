/**
 * Garbage collection through the API on the real database and a temporary blob folder:
 * a dry run reports, a run deletes (counts and bytes, stored bytes before and after),
 * GET shows the stored bytes and the runs, the policy switches pruning, bad input is a
 * 400 naming the field, and another team's app is a 404.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { fetchToken, pushBlob, pushManifest, startTestRegistry, type TestRegistry } from "@/lib/registry/http/test-registry";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";
import * as policyRoute from "./policy/route";
import * as gcRoute from "./route";

let registry: TestRegistry;
let owner: AccountWithApp;
let stranger: AccountWithApp;

beforeAll(async () => {
  registry = await startTestRegistry();
  // The API's collector opens the store the server is configured with: this test's folder.
  process.env.REGISTRY_STORAGE_DIR = registry.storageDir;
  [owner, stranger] = [await createAccountWithApp("gc-api"), await createAccountWithApp("gc-api-other")];
});
afterAll(async () => registry?.close());

const run = (account: AccountWithApp, json: unknown, slug = owner.app.slug) => callRoute(gcRoute.POST, { method: "POST", params: { slug }, token: account.token, json });

describe("/api/v1/apps/{slug}/gc", () => {
  it("reports in a dry run, deletes in a run, and shows stored bytes before and after", async () => {
    const name = `${owner.app.slug}/web`;
    const token = await fetchToken(registry, owner.email, owner.password, [`repository:${name}:pull,push,delete`]);
    const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux" }));
    const layer = randomBytes(30_000);
    const configDigest = await pushBlob(registry, token, name, config);
    const layerDigest = await pushBlob(registry, token, name, layer);
    const digest = await pushManifest(registry, token, name, "1.0", {
      schemaVersion: 2,
      mediaType: "application/vnd.oci.image.manifest.v1+json",
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: layerDigest, size: layer.length }],
    });
    expect((await fetch(`${registry.origin}/v2/${name}/manifests/${digest}`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } })).status).toBe(202);
    // Two days pass (the default grace is 24h).
    await testPrisma().$executeRaw`UPDATE "RepositoryBlob" rb SET "referencedAt" = now() - interval '2 days' FROM "Repository" r WHERE r.id = rb."repositoryId" AND r."appId" = ${owner.app.id}::uuid`;
    const bytes = config.length + layer.length;

    const dry = await run(owner, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body.gc).toMatchObject({ blobsDeleted: 2, bytesDeleted: bytes, manifestsDeleted: 0, dryRun: true, bytesBefore: bytes, bytesAfter: bytes });
    const real = await run(owner, {});
    expect(real.body.gc).toMatchObject({ blobsDeleted: 2, bytesDeleted: bytes, dryRun: false, bytesBefore: bytes, bytesAfter: 0 });
    expect((await fetch(`${registry.origin}/v2/${name}/blobs/${layerDigest}`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(404);

    const view = await callRoute(gcRoute.GET, { params: { slug: owner.app.slug }, token: owner.token });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({ storedBytes: 0, storage: "filesystem", graceSeconds: 86_400, policy: { pruneUntagged: false } });
    expect(view.body.runs.map((row: { dryRun: boolean; bytesBefore: number; bytesAfter: number }) => [row.dryRun, row.bytesBefore, row.bytesAfter])).toEqual([
      [false, bytes, 0],
      [true, bytes, bytes],
    ]);
  });

  it("switches the untagged-manifest policy", async () => {
    const set = await callRoute(policyRoute.PUT, { method: "PUT", params: { slug: owner.app.slug }, token: owner.token, json: { pruneUntagged: true } });
    expect(set).toMatchObject({ status: 200, body: { policy: { pruneUntagged: true } } });
    const view = await callRoute(gcRoute.GET, { params: { slug: owner.app.slug }, token: owner.token });
    expect(view.body.policy).toEqual({ pruneUntagged: true });
  });

  it("refuses bad input with the field named, and another team's app as not found", async () => {
    const bad = await run(owner, { dryRun: "yes" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/dryRun/);
    expect((await run(owner, { dryRun: true, extra: 1 })).status).toBe(400);
    expect((await run(stranger, { dryRun: true })).status).toBe(404);
    expect((await callRoute(gcRoute.GET, { params: { slug: owner.app.slug }, token: stranger.token })).status).toBe(404);
    expect((await callRoute(policyRoute.PUT, { method: "PUT", params: { slug: owner.app.slug }, token: stranger.token, json: { pruneUntagged: false } })).status).toBe(404);
  });
});
