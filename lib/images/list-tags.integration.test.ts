import { beforeAll, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { createAccountWithApp, type AccountWithApp } from "./test-support/account-with-app";
import { buildImageManifest, buildIndexManifest, ensureSeedRepository, seedManifest, type BuiltManifest } from "./test-support/seed-images";
import { listTags } from "./list-tags";

let owner: AccountWithApp;
let amd64: BuiltManifest;
let arm64: BuiltManifest;
let index: BuiltManifest;
const SAME_MOMENT = new Date("2025-05-05T05:05:05.555Z");

beforeAll(async () => {
  const db = testPrisma();
  owner = await createAccountWithApp("tags");
  const repositoryId = await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/api`);
  // 25 tags at one instant (ties broken by id) and 5 at distinct later instants.
  const image = buildImageManifest({ seed: "tie", layerSizes: [1000] });
  for (let i = 0; i < 25; i += 1) await seedManifest(db, repositoryId, image, { tag: `tie-${String(i).padStart(2, "0")}`, at: SAME_MOMENT });
  for (let i = 0; i < 5; i += 1) {
    await seedManifest(db, repositoryId, buildImageManifest({ seed: `later-${i}`, layerSizes: [10 * (i + 1)] }), { tag: `later-${i}`, at: new Date(SAME_MOMENT.getTime() + (i + 1) * 1000), pushedBy: "token:ci" });
  }
  amd64 = buildImageManifest({ seed: "multi-amd64" });
  arm64 = buildImageManifest({ seed: "multi-arm64", platform: { os: "linux", architecture: "arm64", variant: "v8" } });
  const attestations = [amd64, arm64].map((target, i) =>
    buildImageManifest({ seed: `att-${i}`, layerMediaType: "application/vnd.in-toto+json", platform: { os: "unknown", architecture: "unknown" }, layerSizes: [500] }),
  );
  index = buildIndexManifest([amd64, arm64], { attestations });
  for (const child of [amd64, arm64, ...attestations]) await seedManifest(db, repositoryId, child);
  await seedManifest(db, repositoryId, index, { tag: "multi", at: new Date("2026-01-01T00:00:00Z"), pushedBy: "jane@example.test" });
});

describe("listTags", () => {
  it("pages newest first through ties without losing or repeating a tag", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listTags(owner.principal, owner.app.slug, "api", { limit: 7, cursor });
      expect(page.total).toBe(31);
      seen.push(...page.tags.map((tag) => tag.name));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(5);
    expect(seen.slice(0, 6)).toEqual(["multi", "later-4", "later-3", "later-2", "later-1", "later-0"]);
    expect(new Set(seen).size).toBe(31);
    expect(seen.slice(6).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `tie-${String(i).padStart(2, "0")}`));
  });

  it("describes each row: digest, kind, size, platforms, pusher and time", async () => {
    const { tags } = await listTags(owner.principal, owner.app.slug, "api", { limit: 2 });
    expect(tags[0]).toMatchObject({
      name: "multi",
      digest: index.digest,
      kind: "index",
      label: "Multi-platform index",
      size: amd64.totalSize + arm64.totalSize,
      platforms: [
        { name: "linux/amd64", isAttested: true },
        { name: "linux/arm64/v8", isAttested: true },
      ],
      attestationCount: 2,
      pushedAt: "2026-01-01T00:00:00.000Z",
      pushedBy: "jane@example.test",
    });
    expect(tags[1]).toMatchObject({ name: "later-4", kind: "image", label: "Image", size: 1200 + 50, platforms: [{ name: "linux/amd64", isAttested: false }], pushedBy: "token:ci" });
  });

  it("filters by tag name and pages within the filter", async () => {
    const first = await listTags(owner.principal, owner.app.slug, "api", { q: "LATER", limit: 3 });
    expect(first.total).toBe(5);
    expect(first.tags.map((tag) => tag.name)).toEqual(["later-4", "later-3", "later-2"]);
    const second = await listTags(owner.principal, owner.app.slug, "api", { q: "later", limit: 3, cursor: first.nextCursor });
    expect(second.tags.map((tag) => tag.name)).toEqual(["later-1", "later-0"]);
    expect(second.nextCursor).toBeNull();
  });

  it("caps the page size at 200 and refuses a forged cursor", async () => {
    const db = testPrisma();
    const repositoryId = await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/many`);
    const manifestId = await seedManifest(db, repositoryId, buildImageManifest({ seed: "many" }));
    await db.tag.createMany({ data: Array.from({ length: 250 }, (_, i) => ({ repositoryId, manifestId, name: `t${i}` })) });
    const page = await listTags(owner.principal, owner.app.slug, "many", { limit: 10_000 });
    expect(page.tags).toHaveLength(200);
    expect(page.total).toBe(250);
    expect(page.nextCursor).not.toBeNull();
    await expect(listTags(owner.principal, owner.app.slug, "api", { cursor: "forged" })).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("is not_found for an unknown repository and for another team", async () => {
    await expect(listTags(owner.principal, owner.app.slug, "nope")).rejects.toMatchObject({ code: "not_found" });
    const stranger = await createAccountWithApp("tags-stranger");
    await expect(listTags(stranger.principal, owner.app.slug, "api")).rejects.toMatchObject({ code: "not_found" });
  });
});
