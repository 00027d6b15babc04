import { beforeAll, describe, expect, it } from "vitest";
import * as catchAllRoute from "@/app/api/v1/apps/[slug]/images/[...path]/route";
import * as imagesRoute from "@/app/api/v1/apps/[slug]/images/route";
import * as instructionsRoute from "@/app/api/v1/apps/[slug]/instructions/route";
import { testPrisma } from "@/lib/test/database";
import { callRoute } from "@/lib/test/call-route";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { buildImageManifest, ensureSeedRepository, seedManifest, type BuiltManifest } from "@/lib/images/test-support/seed-images";

// callRoute's params are typed as strings; the catch-all's `path` is a list, as Next.js passes it.
const callImages = (options: { method?: string; path: string[]; slug: string; token?: string; query?: string }) =>
  callRoute(catchAllRoute[options.method === "DELETE" ? "DELETE" : "GET"] as never, {
    method: options.method ?? "GET",
    path: `/api/v1/apps/${options.slug}/images/${options.path.join("/")}${options.query ?? ""}`,
    params: { slug: options.slug, path: options.path } as never,
    token: options.token,
  });

let owner: AccountWithApp;
let stranger: AccountWithApp;
let image: BuiltManifest;

beforeAll(async () => {
  owner = await createAccountWithApp("api-images");
  stranger = await createAccountWithApp("api-stranger");
  const repositoryId = await ensureSeedRepository(testPrisma(), owner.app.id, `${owner.app.slug}/team/api`);
  image = buildImageManifest({ seed: "api-route" });
  await seedManifest(testPrisma(), repositoryId, image, { tag: "v1" });
  await seedManifest(testPrisma(), repositoryId, image, { tag: "v2" });
});

describe("images API", () => {
  it("lists repositories, tags and a manifest for the owning team", async () => {
    const repositories = await callRoute(imagesRoute.GET, { path: `/api/v1/apps/${owner.app.slug}/images?q=api`, params: { slug: owner.app.slug }, token: owner.token });
    expect(repositories.status).toBe(200);
    expect(repositories.body.repositories.map((r: { path: string }) => r.path)).toEqual(["team/api"]);
    const tags = await callImages({ slug: owner.app.slug, path: ["team", "api", "tags"], token: owner.token, query: "?limit=1" });
    expect(tags.status).toBe(200);
    expect(tags.body.tags).toHaveLength(1);
    expect(tags.body.total).toBe(2);
    expect(typeof tags.body.nextCursor).toBe("string");
    const detail = await callImages({ slug: owner.app.slug, path: ["team", "api", "manifests", image.digest], token: owner.token });
    expect(detail.status).toBe(200);
    expect(detail.body.manifest.digest).toBe(image.digest);
  });

  it("names the invalid query field", async () => {
    const res = await callImages({ slug: owner.app.slug, path: ["team", "api", "tags"], token: owner.token, query: "?limit=500" });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("limit: must be at most 200");
  });

  it("deletes a tag, then the manifest by digest", async () => {
    const tag = await callImages({ method: "DELETE", slug: owner.app.slug, path: ["team", "api", "manifests", "v2"], token: owner.token });
    expect(tag.status).toBe(200);
    expect(tag.body.deleted.tags).toEqual(["v2"]);
    const manifest = await callImages({ method: "DELETE", slug: owner.app.slug, path: ["team", "api", "manifests", image.digest], token: owner.token });
    expect(manifest.status).toBe(200);
    expect(manifest.body.deleted).toEqual({ digest: image.digest, tags: ["v1"] });
    const gone = await callImages({ slug: owner.app.slug, path: ["team", "api", "manifests", image.digest], token: owner.token });
    expect(gone.status).toBe(404);
    // DELETE of a tags list is not a thing.
    const wrong = await callImages({ method: "DELETE", slug: owner.app.slug, path: ["team", "api", "tags"], token: owner.token });
    expect(wrong.status).toBe(404);
  });

  it("answers 404 to another team on every images route, and changes nothing", async () => {
    const other = await createAccountWithApp("api-guarded");
    const repositoryId = await ensureSeedRepository(testPrisma(), other.app.id, `${other.app.slug}/secret`);
    const secret = buildImageManifest({ seed: "secret" });
    await seedManifest(testPrisma(), repositoryId, secret, { tag: "v1" });
    const slug = other.app.slug;
    const responses = [
      await callRoute(imagesRoute.GET, { path: `/api/v1/apps/${slug}/images`, params: { slug }, token: stranger.token }),
      await callImages({ slug, path: ["secret", "tags"], token: stranger.token }),
      await callImages({ slug, path: ["secret", "manifests", "v1"], token: stranger.token }),
      await callImages({ slug, path: ["secret", "manifests", secret.digest], token: stranger.token }),
      await callImages({ method: "DELETE", slug, path: ["secret", "manifests", "v1"], token: stranger.token }),
      await callImages({ method: "DELETE", slug, path: ["secret", "manifests", secret.digest], token: stranger.token }),
      await callRoute(instructionsRoute.GET, { path: `/api/v1/apps/${slug}/instructions?image=api&tag=v1`, params: { slug }, token: stranger.token }),
    ];
    expect(responses.map((res) => res.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect(JSON.stringify(responses.map((res) => res.body))).not.toContain(secret.digest);
    const still = await callImages({ slug, path: ["secret", "manifests", "v1"], token: other.token });
    expect(still.body.manifest.digest).toBe(secret.digest);
  });

  it("refuses anonymous callers", async () => {
    const res = await callImages({ slug: owner.app.slug, path: ["team", "api", "tags"] });
    expect(res.status).toBe(401);
  });
});

describe("GET /api/v1/apps/{slug}/instructions", () => {
  it("generates commands for the caller, the application and the registry host", async () => {
    process.env.REGISTRY_HOST = "registry.example.test";
    try {
      const res = await callRoute(instructionsRoute.GET, {
        path: `/api/v1/apps/${owner.app.slug}/instructions?image=team/api&tag=1.2.0&localImage=api:dev`,
        params: { slug: owner.app.slug },
        token: owner.token,
      });
      expect(res.status).toBe(200);
      expect(res.body.target).toBe(`registry.example.test/${owner.app.slug}/team/api:1.2.0`);
      const docker = res.body.groups.find((group: { tool: string }) => group.tool === "docker");
      expect(docker.steps.map((step: { command: string }) => step.command)).toEqual([
        `docker tag api:dev registry.example.test/${owner.app.slug}/team/api:1.2.0`,
        `docker login registry.example.test -u ${owner.email}`,
        `docker push registry.example.test/${owner.app.slug}/team/api:1.2.0`,
      ]);
    } finally {
      delete process.env.REGISTRY_HOST;
    }
  });

  it("answers 400 naming each field that breaks the OCI grammar", async () => {
    const res = await callRoute(instructionsRoute.GET, { path: `/api/v1/apps/${owner.app.slug}/instructions?image=My/App&tag=-beta`, params: { slug: owner.app.slug }, token: owner.token });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((detail: { path: string }) => detail.path)).toEqual(["image", "tag"]);
    expect(res.body.error.message).toMatch(/^image: "My" has uppercase letters/);
    const missing = await callRoute(instructionsRoute.GET, { path: `/api/v1/apps/${owner.app.slug}/instructions?tag=v1`, params: { slug: owner.app.slug }, token: owner.token });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0].path).toBe("image");
  });
});
