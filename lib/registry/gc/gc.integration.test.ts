/**
 * Online garbage collection on both real stores (a temporary folder and a Ceph RGW
 * bucket), driven through the registry's HTTP API: what goes, what stays, what still
 * pulls, the untagged-manifest policy, and a manifest PUT racing the sweep many times.
 */
import { randomBytes } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { createRgwStorage, startCephRgw, type CephRgw } from "@/lib/test/ceph-rgw";
import { computeDigest } from "@/lib/registry/digests";
import { collectGarbage } from "@/lib/registry/gc/collect-garbage";
import {
  createTestTenant,
  fetchTenantToken,
  pushBlob,
  pushManifest,
  startTestRegistry,
  type TestRegistry,
  type TestTenant,
} from "@/lib/registry/http/test-registry";
import type { StorageDriver } from "@/lib/registry/storage/driver";

const DAY_MS = 24 * 60 * 60 * 1000;
const RACE_ROUNDS = 20;

interface Store {
  label: string;
  storage: StorageDriver;
  /** Looks into the store itself: the file or the bucket object. */
  hasBlob: (registry: TestRegistry, digest: string) => Promise<boolean>;
}

let rgw: CephRgw;
beforeAll(async () => {
  rgw = await startCephRgw();
}, 120_000);
afterAll(async () => rgw?.stop());

async function fileExists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

const stores: [string, () => Promise<Store>][] = [
  ["filesystem", async () => ({
    label: "filesystem",
    storage: null as unknown as StorageDriver, // the test registry's own folder
    hasBlob: (registry, digest) => fileExists(path.join(registry.storageDir, "blobs", "sha256", digest.slice(7, 9), digest.slice(7))),
  })],
  ["s3 (Ceph RGW)", async () => {
    const bucket = await createRgwStorage(rgw);
    return { label: "s3 (Ceph RGW)", storage: bucket.driver, hasBlob: (_registry, digest) => bucket.hasBlob(digest) };
  }],
];

function image(configDigest: string, config: Buffer, layers: { digest: string; size: number }[]) {
  return {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
    layers: layers.map((layer) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", ...layer })),
  };
}

async function pushImage(registry: TestRegistry, token: string, name: string, tag: string, sharedLayer: Buffer) {
  const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", label: randomBytes(8).toString("hex") }));
  const own = randomBytes(40_000);
  const configDigest = await pushBlob(registry, token, name, config);
  const ownDigest = await pushBlob(registry, token, name, own);
  const sharedDigest = await pushBlob(registry, token, name, sharedLayer);
  const manifest = image(configDigest, config, [
    { digest: sharedDigest, size: sharedLayer.length },
    { digest: ownDigest, size: own.length },
  ]);
  const digest = await pushManifest(registry, token, name, tag, manifest);
  return { digest, configDigest, ownDigest, sharedDigest, blobs: new Map([[configDigest, config], [ownDigest, own], [sharedDigest, sharedLayer]]) };
}

/** Makes the app's links look `ms` older: time passing, without waiting for it. */
async function ageLinks(appId: string, ms: number): Promise<void> {
  await testPrisma().$executeRaw`
    UPDATE "RepositoryBlob" rb SET "referencedAt" = rb."referencedAt" - ${`${ms} milliseconds`}::interval
    FROM "Repository" r WHERE r.id = rb."repositoryId" AND r."appId" = ${appId}::uuid`;
}

async function appIdOf(tenant: TestTenant): Promise<string> {
  return (await testPrisma().app.findUniqueOrThrow({ where: { slug: tenant.slug }, select: { id: true } })).id;
}

async function pullBlob(registry: TestRegistry, token: string, name: string, digest: string): Promise<Buffer | null> {
  const response = await fetch(`${registry.origin}/v2/${name}/blobs/${digest}`, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status === 404) return null;
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

/** Manifests whose referenced blobs their repository no longer links or the store no longer has: must always be none. */
async function findDanglingReferences(storage: StorageDriver, appId: string): Promise<string[]> {
  const rows = await testPrisma().$queryRaw<{ digest: string; linked: boolean }[]>`
    SELECT mr.digest, EXISTS (SELECT 1 FROM "RepositoryBlob" rb WHERE rb."repositoryId" = m."repositoryId" AND rb.digest = mr.digest) AS linked
    FROM "ManifestReference" mr JOIN "Manifest" m ON m.id = mr."manifestId" JOIN "Repository" r ON r.id = m."repositoryId"
    WHERE r."appId" = ${appId}::uuid AND NOT mr."isManifest"`;
  const dangling: string[] = [];
  for (const row of rows) if (!row.linked || !(await storage.statBlob(row.digest))) dangling.push(row.digest);
  return dangling;
}

for (const [label, makeStore] of stores) {
  describe(`online garbage collection on ${label}`, () => {
    let store: Store;
    let registry: TestRegistry;
    beforeAll(async () => {
      store = await makeStore();
      registry = await startTestRegistry(store.storage ? { storage: store.storage } : {});
      store.storage = registry.options.storage;
    });
    afterAll(async () => registry?.close());

    it("deletes a deleted manifest's unshared blobs once past the grace period, keeps shared and referenced ones, and every other image still pulls", async () => {
      const tenant = await createTestTenant("gc");
      const appId = await appIdOf(tenant);
      const [web, worker] = [`${tenant.slug}/web`, `${tenant.slug}/worker`];
      const token = await fetchTenantToken(registry, tenant, [web, worker]);
      const shared = randomBytes(60_000);
      const doomed = await pushImage(registry, token, web, "1.0", shared);
      const kept = await pushImage(registry, token, web, "2.0", shared);
      const elsewhere = await pushImage(registry, token, worker, "1.0", shared);
      const deleted = await fetch(`${registry.origin}/v2/${web}/manifests/${doomed.digest}`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } });
      expect(deleted.status).toBe(202);

      const deps = { prisma: testPrisma(), storage: store.storage };
      const early = await collectGarbage(deps, { appId, dryRun: false, graceMs: DAY_MS });
      expect([early.blobsDeleted, early.linksDeleted]).toEqual([0, 0]);

      await ageLinks(appId, 2 * DAY_MS);
      const preview = await collectGarbage(deps, { appId, dryRun: true, graceMs: DAY_MS });
      const doomedBytes = doomed.blobs.get(doomed.configDigest)!.length + doomed.blobs.get(doomed.ownDigest)!.length;
      expect(preview).toMatchObject({ blobsDeleted: 2, bytesDeleted: doomedBytes, dryRun: true, manifestsDeleted: 0 });
      expect(await store.hasBlob(registry, doomed.ownDigest)).toBe(true);

      const result = await collectGarbage(deps, { appId, dryRun: false, graceMs: DAY_MS });
      expect(result).toMatchObject({ blobsDeleted: 2, bytesDeleted: doomedBytes, dryRun: false, linksDeleted: 2 });
      expect(result.bytesBefore - result.bytesAfter).toBe(doomedBytes);
      expect(await store.hasBlob(registry, doomed.configDigest)).toBe(false);
      expect(await store.hasBlob(registry, doomed.ownDigest)).toBe(false);
      expect(await pullBlob(registry, token, web, doomed.ownDigest)).toBeNull();
      for (const survivor of [kept, elsewhere]) {
        const name = survivor === kept ? web : worker;
        for (const [digest, bytes] of survivor.blobs) {
          expect(await store.hasBlob(registry, digest)).toBe(true);
          const pulled = await pullBlob(registry, token, name, digest);
          expect(pulled && computeDigest(pulled)).toBe(computeDigest(bytes));
        }
      }
      expect((await collectGarbage(deps, { appId, dryRun: false, graceMs: DAY_MS })).blobsDeleted).toBe(0);
    });

    it("prunes untagged manifests only when the app's policy says so, never an index's children or a tagged image", async () => {
      const tenant = await createTestTenant("gc-prune");
      const appId = await appIdOf(tenant);
      const name = `${tenant.slug}/api`;
      const token = await fetchTenantToken(registry, tenant, [name]);
      const untagged = await pushImage(registry, token, name, "temp", randomBytes(1000));
      const child = await pushImage(registry, token, name, "child", randomBytes(1000));
      const index = {
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: [{ mediaType: "application/vnd.oci.image.manifest.v1+json", digest: child.digest, size: 400, platform: { architecture: "amd64", os: "linux" } }],
      };
      const childBody = await fetch(`${registry.origin}/v2/${name}/manifests/${child.digest}`, { headers: { Authorization: `Bearer ${token}`, Accept: "application/vnd.oci.image.manifest.v1+json" } });
      index.manifests[0]!.size = (await childBody.arrayBuffer()).byteLength;
      await pushManifest(registry, token, name, "release", index);
      for (const tag of ["temp", "child"]) {
        expect((await fetch(`${registry.origin}/v2/${name}/manifests/${tag}`, { method: "DELETE", headers: { Authorization: `Bearer ${token}` } })).status).toBe(202);
      }
      await testPrisma().$executeRaw`UPDATE "Manifest" m SET "createdAt" = m."createdAt" - interval '2 days' FROM "Repository" r WHERE r.id = m."repositoryId" AND r."appId" = ${appId}::uuid`;
      const deps = { prisma: testPrisma(), storage: store.storage };
      expect((await collectGarbage(deps, { appId, dryRun: false, graceMs: DAY_MS })).manifestsDeleted).toBe(0);

      await testPrisma().$executeRaw`INSERT INTO "AppGcPolicy" ("appId", "pruneUntagged", "updatedAt") VALUES (${appId}::uuid, true, now())`;
      expect((await collectGarbage(deps, { appId, dryRun: true, graceMs: DAY_MS })).manifestsDeleted).toBe(1);
      const pruned = await collectGarbage(deps, { appId, dryRun: false, graceMs: DAY_MS });
      expect(pruned.manifestsDeleted).toBe(1);
      const left = await testPrisma().manifest.findMany({ where: { repository: { appId } }, select: { digest: true } });
      expect(left.map((row) => row.digest).sort()).toEqual([child.digest, (await testPrisma().tag.findFirstOrThrow({ where: { name: "release", repository: { appId } }, select: { manifest: { select: { digest: true } } } })).manifest.digest].sort());
      // The pruned manifest's blobs start their grace now; past it they go.
      expect(await store.hasBlob(registry, untagged.ownDigest)).toBe(true);
      await ageLinks(appId, 2 * DAY_MS);
      await collectGarbage(deps, { appId, dryRun: false, graceMs: DAY_MS });
      expect(await store.hasBlob(registry, untagged.ownDigest)).toBe(false);
      expect(await store.hasBlob(registry, child.ownDigest)).toBe(true);
    });

    it("keeps a blob an airgap bundle names, however long unreferenced", async () => {
      const tenant = await createTestTenant("gc-bundle");
      const appId = await appIdOf(tenant);
      const name = `${tenant.slug}/bundles`;
      const token = await fetchTenantToken(registry, tenant, [name]);
      const bundle = randomBytes(20_000);
      const loose = randomBytes(20_000);
      const [bundleDigest, looseDigest] = [await pushBlob(registry, token, name, bundle), await pushBlob(registry, token, name, loose)];
      const release = await testPrisma().release.create({
        data: { appId, sequence: 1, yaml: "", sources: [], createdById: tenant.account.principal.userId },
        select: { id: true },
      });
      await testPrisma().airgapBundle.create({ data: { releaseId: release.id, status: "ready", blobDigest: bundleDigest, size: bundle.length } });
      await ageLinks(appId, 2 * DAY_MS);
      const result = await collectGarbage({ prisma: testPrisma(), storage: store.storage }, { appId, dryRun: false, graceMs: DAY_MS });
      expect(result.blobsDeleted).toBe(1);
      expect(await store.hasBlob(registry, looseDigest)).toBe(false);
      expect(await store.hasBlob(registry, bundleDigest)).toBe(true);
    });

    it("never lets a manifest PUT racing the sweep point at deleted blobs (raced many times)", async () => {
      const tenant = await createTestTenant("gc-race");
      const appId = await appIdOf(tenant);
      const name = `${tenant.slug}/racer`;
      const token = await fetchTenantToken(registry, tenant, [name]);
      const deps = { prisma: testPrisma(), storage: store.storage };
      const outcomes = { pushWon: 0, sweepWon: 0 };
      for (let round = 0; round < RACE_ROUNDS; round += 1) {
        const config = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", round, nonce: randomBytes(8).toString("hex") }));
        const layer = randomBytes(5000);
        const configDigest = await pushBlob(registry, token, name, config);
        const layerDigest = await pushBlob(registry, token, name, layer);
        // Both blobs were uploaded "two days ago" and nothing references them yet: sweep candidates.
        await ageLinks(appId, 2 * DAY_MS);
        const body = JSON.stringify(image(configDigest, config, [{ digest: layerDigest, size: layer.length }]));
        const [put] = await Promise.all([
          // A small, varying head start for either side so both orders happen.
          new Promise((resolve) => setTimeout(resolve, round % 5)).then(() =>
            fetch(`${registry.origin}/v2/${name}/manifests/r${round}`, {
              method: "PUT",
              headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/vnd.oci.image.manifest.v1+json" },
              body,
            }),
          ),
          new Promise((resolve) => setTimeout(resolve, (round * 3) % 7)).then(() => collectGarbage(deps, { appId, dryRun: false, graceMs: DAY_MS })),
        ]);
        if (put.status === 201) {
          outcomes.pushWon += 1;
          expect(computeDigest((await pullBlob(registry, token, name, layerDigest))!)).toBe(layerDigest);
          expect(await store.hasBlob(registry, configDigest)).toBe(true);
        } else {
          // The sweep won: the push is refused cleanly, as for any blob the repository lacks, and nothing half-stored remains.
          expect(put.status, `${await put.clone().text()}\n${registry.loggedErrors.join("\n")}`).toBe(400);
          expect(((await put.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("MANIFEST_BLOB_UNKNOWN");
          expect(await testPrisma().tag.count({ where: { name: `r${round}`, repository: { appId } } })).toBe(0);
          outcomes.sweepWon += 1;
        }
        expect(await findDanglingReferences(store.storage, appId)).toEqual([]);
      }
      expect(outcomes.pushWon + outcomes.sweepWon).toBe(RACE_ROUNDS);
      // Every surviving image still pulls after a final sweep.
      await ageLinks(appId, 2 * DAY_MS);
      await collectGarbage(deps, { appId, dryRun: false, graceMs: DAY_MS });
      expect(await findDanglingReferences(store.storage, appId)).toEqual([]);
      console.info(`gc race on ${store.label}: the push won ${outcomes.pushWon}, the sweep won ${outcomes.sweepWon} of ${RACE_ROUNDS}`);
    });
  });
}
