import { beforeAll, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { createAccountWithApp, type AccountWithApp } from "./test-support/account-with-app";
import { buildImageManifest, ensureSeedRepository, seedManifest } from "./test-support/seed-images";
import { deleteManifest } from "./delete-manifest";
import { deleteTag } from "./delete-tag";
import { getManifestDetail } from "./get-manifest-detail";
import { listTags } from "./list-tags";

let owner: AccountWithApp;
let repositoryId: string;

beforeAll(async () => {
  owner = await createAccountWithApp("delete");
  repositoryId = await ensureSeedRepository(testPrisma(), owner.app.id, `${owner.app.slug}/api`);
});

describe("deleteTag", () => {
  it("removes the tag and leaves the manifest reachable by digest", async () => {
    const image = buildImageManifest({ seed: "delete-tag" });
    await seedManifest(testPrisma(), repositoryId, image, { tag: "old" });
    await seedManifest(testPrisma(), repositoryId, image, { tag: "keep" });
    expect(await deleteTag(owner.principal, owner.app.slug, "api", "old")).toEqual({ tag: "old" });
    await expect(getManifestDetail(owner.principal, owner.app.slug, "api", "old")).rejects.toMatchObject({ code: "not_found" });
    const byDigest = await getManifestDetail(owner.principal, owner.app.slug, "api", image.digest);
    expect(byDigest.tags).toEqual(["keep"]);
    await expect(deleteTag(owner.principal, owner.app.slug, "api", "old")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("deleteManifest", () => {
  it("removes the manifest and every tag on it", async () => {
    const image = buildImageManifest({ seed: "delete-manifest" });
    await seedManifest(testPrisma(), repositoryId, image, { tag: "a" });
    await seedManifest(testPrisma(), repositoryId, image, { tag: "b" });
    const deleted = await deleteManifest(owner.principal, owner.app.slug, "api", image.digest);
    expect(deleted.digest).toBe(image.digest);
    expect(deleted.tags.sort()).toEqual(["a", "b"]);
    await expect(getManifestDetail(owner.principal, owner.app.slug, "api", image.digest)).rejects.toMatchObject({ code: "not_found" });
    const names = (await listTags(owner.principal, owner.app.slug, "api", { limit: 200 })).tags.map((tag) => tag.name);
    expect(names).not.toContain("a");
    expect(names).not.toContain("b");
  });

  it("refuses a tag in place of a digest, and leaves another team's manifest alone", async () => {
    await expect(deleteManifest(owner.principal, owner.app.slug, "api", "latest")).rejects.toMatchObject({ code: "invalid_input" });
    const image = buildImageManifest({ seed: "delete-guarded" });
    await seedManifest(testPrisma(), repositoryId, image, { tag: "guarded" });
    const stranger = await createAccountWithApp("delete-stranger");
    await expect(deleteManifest(stranger.principal, owner.app.slug, "api", image.digest)).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteTag(stranger.principal, owner.app.slug, "api", "guarded")).rejects.toMatchObject({ code: "not_found" });
    expect((await getManifestDetail(owner.principal, owner.app.slug, "api", "guarded")).digest).toBe(image.digest);
  });
});
