import { beforeAll, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { createAccountWithApp, type AccountWithApp } from "./test-support/account-with-app";
import { buildImageManifest, ensureSeedRepository, seedManifest } from "./test-support/seed-images";
import { listRepositories } from "./list-repositories";

let owner: AccountWithApp;
const base = { digest: "sha256:" + "b".repeat(64), size: 5_000_000 };

beforeAll(async () => {
  const db = testPrisma();
  owner = await createAccountWithApp("repos");
  const api = await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/team/api`);
  // Two tags sharing a base layer: it counts once in the stored size.
  const v1 = buildImageManifest({ seed: "api-v1", layerSizes: [100], sharedLayers: [base] });
  const v2 = buildImageManifest({ seed: "api-v2", layerSizes: [200], sharedLayers: [base] });
  await seedManifest(db, api, v1, { tag: "v1.0.0", at: new Date("2025-01-01T00:00:00Z") });
  await seedManifest(db, api, v2, { tag: "v2.0.0", at: new Date("2025-02-01T00:00:00Z") });
  await seedManifest(db, api, v2, { tag: "latest", at: new Date("2025-02-01T00:00:01Z") });
  // A blob mounted into the repository but not (yet) referenced by a manifest: it is stored there all the same.
  const mounted = "sha256:" + "c".repeat(64);
  await db.blob.createMany({ data: [{ digest: mounted, size: 777n }], skipDuplicates: true });
  await db.repositoryBlob.create({ data: { repositoryId: api, digest: mounted } });
  const worker = await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/worker`);
  await seedManifest(db, worker, buildImageManifest({ seed: "worker", layerSizes: [10] }), { tag: "release_candidate", at: new Date("2025-03-01T00:00:00Z") });
  await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/empty`);
});

describe("listRepositories", () => {
  it("gives tag count, stored size with shared layers counted once, and last push, newest first", async () => {
    const repositories = await listRepositories(owner.principal, owner.app.slug);
    expect(repositories.map((repository) => repository.path)).toEqual(["worker", "team/api", "empty"]);
    const api = repositories[1]!;
    const v1 = buildImageManifest({ seed: "api-v1", layerSizes: [100], sharedLayers: [base] });
    const v2 = buildImageManifest({ seed: "api-v2", layerSizes: [200], sharedLayers: [base] });
    expect(api).toMatchObject({ name: `${owner.app.slug}/team/api`, tagCount: 3, manifestCount: 2, lastPushedAt: "2025-02-01T00:00:01.000Z", matchedTags: [] });
    // base once + 2 configs + 2 own layers + the mounted blob + the two manifests' bytes.
    expect(api.storedBytes).toBe(5_000_000 + 1200 * 2 + 100 + 200 + 777 + v1.content.length + v2.content.length);
    expect(repositories[2]).toMatchObject({ tagCount: 0, storedBytes: 0, lastPushedAt: null });
  });

  it("searches repository paths and tag names, case-insensitively, naming the matching tags", async () => {
    const byPath = await listRepositories(owner.principal, owner.app.slug, { q: "API" });
    expect(byPath.map((repository) => repository.path)).toEqual(["team/api"]);
    const byTag = await listRepositories(owner.principal, owner.app.slug, { q: "v2" });
    expect(byTag.map((repository) => [repository.path, repository.matchedTags])).toEqual([["team/api", ["v2.0.0"]]]);
  });

  it("treats LIKE wildcards in the search as plain characters", async () => {
    expect((await listRepositories(owner.principal, owner.app.slug, { q: "release_" })).map((r) => r.path)).toEqual(["worker"]);
    expect(await listRepositories(owner.principal, owner.app.slug, { q: "v_.0" })).toEqual([]);
    expect(await listRepositories(owner.principal, owner.app.slug, { q: "%" })).toEqual([]);
  });

  it("does not match the application slug every name starts with", async () => {
    expect(await listRepositories(owner.principal, owner.app.slug, { q: owner.app.slug })).toEqual([]);
  });

  it("is not_found for another team", async () => {
    const stranger = await createAccountWithApp("stranger");
    await expect(listRepositories(stranger.principal, owner.app.slug)).rejects.toMatchObject({ code: "not_found" });
  });
});
