/**
 * The release API on the real database: preview with live look-ups of seeded registry
 * rows, the 1 MiB limit, creation refused on errors and allowed with warnings,
 * sequences under concurrency, "pushed again", drafts, diffs, and cross-team 404s.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { buildImageManifest, buildIndexManifest, ensureSeedRepository, seedManifest, type BuiltManifest } from "@/lib/images/test-support/seed-images";
import { MAX_RELEASE_YAML_BYTES } from "@/lib/releases";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";
import * as sequenceRoute from "./[sequence]/route";
import * as compareRoute from "./compare/route";
import * as draftRoute from "./draft/route";
import * as previewRoute from "./preview/route";
import * as releasesRoute from "./route";

const HOST = "registry.example.com";
const QUAY = "quayprivate";

/** A release using the app's worker and api images, a Quay image through the proxy, and public redis. */
function releaseYaml(slug: string, options: { pullSecret?: boolean; workerTag?: string; note?: string } = {}): string {
  const secret = options.pullSecret === false ? "" : "      imagePullSecrets:\n        - name: replicatedregistrykey\n";
  return `# ${options.note ?? "release"}
images:
  - source: replicated
    name: worker
    tag: ${options.workerTag ?? "1.0.1"}
  - source: replicated
    name: api
    tag: 2.0.0
  - source: ${QUAY}
    name: namespace/imagename
    tag: 2.0.0
  - source: public
    name: redis
    tag: 3.2-alpine
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
${secret}      initContainers:
        - name: setup
          image: quay.io/namespace/imagename:2.0.0
      containers:
        - name: worker
          image: ${HOST}/${slug}/worker:${options.workerTag ?? "1.0.1"}
        - name: api
          image: ${HOST}/${slug}/api:2.0.0
        - name: cache
          image: redis:3.2-alpine
`;
}

const post = (handler: typeof releasesRoute.POST, slug: string, token: string, body: { json?: unknown; body?: string; type?: string }, query = "") =>
  callRoute(handler, {
    method: "POST",
    path: `/api/v1/apps/${slug}/releases${handler === previewRoute.POST ? "/preview" : ""}${query}`,
    params: { slug },
    token,
    json: body.json,
    body: body.body,
    headers: body.type ? { "content-type": body.type } : undefined,
  });
const preview = (account: AccountWithApp, yaml: string, type = "application/yaml") => post(previewRoute.POST, account.app.slug, account.token, { body: yaml, type });
const create = (account: AccountWithApp, yaml: string, notes = "") => post(releasesRoute.POST, account.app.slug, account.token, { json: { yaml, notes } });
const getRelease = (account: AccountWithApp, sequence: string | number, token = account.token) =>
  callRoute(sequenceRoute.GET, { path: `/api/v1/apps/${account.app.slug}/releases/${sequence}`, params: { slug: account.app.slug, sequence: String(sequence) }, token });

/** An account whose team has registered Quay under the name the release uses. */
async function createReleaseAccount(label: string): Promise<AccountWithApp> {
  const account = await createAccountWithApp(label);
  await testPrisma().externalRegistry.create({
    data: { teamId: account.principal.teamId, name: QUAY, endpoint: "quay.io", kind: "quay", username: "robot", secretEncrypted: "" },
  });
  return account;
}

let owner: AccountWithApp;
let stranger: AccountWithApp;
let worker: BuiltManifest;
let api: BuiltManifest;
const sharedLayer = { digest: `sha256:${"5".repeat(64)}`, size: 40_000_000 };

beforeAll(async () => {
  process.env.REGISTRY_HOST = HOST;
  owner = await createReleaseAccount("releases");
  stranger = await createReleaseAccount("releases-stranger");
  const db = testPrisma();
  worker = buildImageManifest({ seed: `worker-${owner.app.slug}`, sharedLayers: [sharedLayer] });
  api = buildImageManifest({ seed: `api-${owner.app.slug}`, sharedLayers: [sharedLayer] });
  await seedManifest(db, await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/worker`), worker, { tag: "1.0.1" });
  // The api tag points to a multi-platform index, whose layers are its children's.
  const apiRepository = await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/api`);
  await seedManifest(db, apiRepository, api);
  await seedManifest(db, apiRepository, buildIndexManifest([api]), { tag: "2.0.0" });
});

describe("POST /apps/{slug}/releases/preview", () => {
  it("returns images, diagnostics, the rewritten YAML and the airgap list with live look-ups", async () => {
    const res = await preview(owner, releaseYaml(owner.app.slug));
    expect(res.status).toBe(200);
    const { images, diagnostics, rewritten, airgap, airgapTotalSize } = res.body;
    const quay = images.find((image: { image: string }) => image.image.startsWith("quay.io"));
    expect(quay).toMatchObject({ source: "external", externalRegistry: QUAY, rewritten: `${HOST}/proxy/${owner.app.slug}/quay.io/namespace/imagename:2.0.0`, line: 31 });
    expect(rewritten).toContain(`image: ${HOST}/proxy/${owner.app.slug}/quay.io/namespace/imagename:2.0.0`);
    const workerImage = images.find((image: { container: { name: string } }) => image.container.name === "worker");
    expect(workerImage.availability).toEqual({ exists: true, digest: worker.digest, size: worker.totalSize });
    expect(diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
    expect(airgap.map((entry: { reference: string }) => entry.reference)).toEqual([
      `${HOST}/${owner.app.slug}/worker:1.0.1`,
      `${HOST}/${owner.app.slug}/api:2.0.0`,
      "quay.io/namespace/imagename:2.0.0",
      "index.docker.io/library/redis:3.2-alpine",
    ]);
    expect(airgap[1]).toMatchObject({ exists: true, size: api.totalSize });
    // The shared base layer is counted once across the two images.
    expect(airgapTotalSize).toBe(worker.totalSize + api.totalSize - sharedLayer.size);
  });

  it("reports a missing pull secret with its fix, and a tag that was never pushed", async () => {
    const res = await preview(owner, releaseYaml(owner.app.slug, { pullSecret: false, workerTag: "9.9.9" }));
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.diagnostics.map((d: { code: string }) => [d.code, d]));
    expect(byCode["missing-pull-secret"]).toMatchObject({ severity: "error", fix: { kind: "add-pull-secret" } });
    expect(byCode["image-not-found"]).toMatchObject({ severity: "warning" });
    expect(byCode["image-not-found"].message).toContain(`${owner.app.slug}/worker:9.9.9`);
  });

  it("takes JSON {yaml} and text/yaml too, and refuses other content types clearly", async () => {
    const json = await post(previewRoute.POST, owner.app.slug, owner.token, { json: { yaml: releaseYaml(owner.app.slug) } });
    expect(json.status).toBe(200);
    expect(json.body.images).toHaveLength(4);
    expect((await preview(owner, "kind: [", "text/yaml")).body.diagnostics[0].code).toBe("yaml-syntax");
    const html = await preview(owner, "images: []", "text/html");
    expect(html.status).toBe(400);
    expect(html.body.error.message).toMatch(/application\/yaml/);
  });

  it("refuses YAML over 1 MiB with 413 and a message that says the limit, raw or as JSON", async () => {
    const big = `# ${"x".repeat(MAX_RELEASE_YAML_BYTES)}\n`;
    const raw = await preview(owner, big);
    expect(raw.status).toBe(413);
    expect(raw.body.error.message).toMatch(/limit is 1 MiB/);
    const json = await post(previewRoute.POST, owner.app.slug, owner.token, { json: { yaml: big } });
    expect(json.status).toBe(413);
    const created = await create(owner, big);
    expect(created.status).toBe(413);
    expect(created.body.error.code).toBe("payload_too_large");
  });
});

describe("creating releases", () => {
  let account: AccountWithApp;
  beforeAll(async () => {
    account = await createReleaseAccount("releases-create");
  });

  it("is refused while error diagnostics remain, naming each one", async () => {
    const res = await create(account, releaseYaml(account.app.slug, { pullSecret: false }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect(res.body.error.message).toMatch(/the release has \d errors?/);
    expect(res.body.error.details.some((d: { issue: string }) => d.issue.includes("missing-pull-secret"))).toBe(true);
    expect(await testPrisma().release.count({ where: { appId: account.app.id } })).toBe(0);
    expect((await create(account, "  \n")).status).toBe(400);
  });

  it("numbers releases 1, 2, 3, returns the warnings, clears the draft and lists the history", async () => {
    await callRoute(draftRoute.PUT, { method: "PUT", params: { slug: account.app.slug }, token: account.token, json: { yaml: "draft", notes: "n" } });
    // Nothing is pushed to this app, so every own image is an image-not-found warning: allowed.
    const first = await create(account, releaseYaml(account.app.slug), "First release");
    expect(first.status).toBe(201);
    expect(first.body.release).toMatchObject({ sequence: 1, notes: "First release", imageCount: 4, sources: [QUAY] });
    expect(first.body.release.createdBy.email).toBe(account.email);
    expect(first.body.warnings.map((w: { code: string }) => w.code)).toContain("image-not-found");
    const draft = await callRoute(draftRoute.GET, { params: { slug: account.app.slug }, token: account.token });
    expect(draft.body.draft).toBeNull();
    expect((await create(account, releaseYaml(account.app.slug, { note: "two" }))).body.release.sequence).toBe(2);
    expect((await create(account, releaseYaml(account.app.slug, { note: "three" }))).body.release.sequence).toBe(3);
    const list = await callRoute(releasesRoute.GET, { path: `/api/v1/apps/${account.app.slug}/releases?limit=2`, params: { slug: account.app.slug }, token: account.token });
    expect(list.body.releases.map((r: { sequence: number }) => r.sequence)).toEqual([3, 2]);
    expect(list.body.nextBefore).toBe(2);
    const older = await callRoute(releasesRoute.GET, { path: `/api/v1/apps/${account.app.slug}/releases?before=2`, params: { slug: account.app.slug }, token: account.token });
    expect(older.body).toMatchObject({ releases: [{ sequence: 1, notes: "First release" }], nextBefore: null });
  });

  it("gives concurrent creates distinct consecutive sequences", async () => {
    const racer = await createReleaseAccount("releases-race");
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => create(racer, releaseYaml(racer.app.slug, { note: `race ${i}` }))));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(results.map((r) => r.body.release.sequence).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it("shows one release read-only, and 404 for a missing or malformed number", async () => {
    const res = await getRelease(account, 1);
    expect(res.status).toBe(200);
    expect(res.body.release).toMatchObject({ sequence: 1, yaml: releaseYaml(account.app.slug), changedTags: [] });
    expect(res.body.release.preview.images).toHaveLength(4);
    expect((await getRelease(account, 99)).status).toBe(404);
    expect((await getRelease(account, "01")).status).toBe(404);
    expect((await getRelease(account, "abc")).status).toBe(404);
  });

  it("diffs two releases line by line", async () => {
    const res = await callRoute(compareRoute.GET, { path: `/api/v1/apps/${account.app.slug}/releases/compare?from=2&to=3`, params: { slug: account.app.slug }, token: account.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ added: 1, removed: 1, from: { sequence: 2 }, to: { sequence: 3 } });
    expect(res.body.changes.filter((c: { type: string }) => c.type !== "equal")).toEqual([
      { type: "removed", text: "# two", oldLine: 1, newLine: null },
      { type: "added", text: "# three", oldLine: null, newLine: 1 },
    ]);
    const missing = await callRoute(compareRoute.GET, { path: `/api/v1/apps/${account.app.slug}/releases/compare?from=2&to=7`, params: { slug: account.app.slug }, token: account.token });
    expect(missing.status).toBe(404);
  });
});

describe("tags pushed again after a release", () => {
  it("are recorded at creation and reported on the release and in the history", async () => {
    const account = await createReleaseAccount("releases-repush");
    const db = testPrisma();
    const repository = await ensureSeedRepository(db, account.app.id, `${account.app.slug}/worker`);
    const before = buildImageManifest({ seed: `before-${account.app.slug}` });
    await seedManifest(db, repository, before, { tag: "1.0.1" });
    const created = await create(account, releaseYaml(account.app.slug));
    expect(created.status).toBe(201);
    expect(created.body.release.imageDigests).toEqual({ [`${account.app.slug}/worker:1.0.1`]: before.digest, [`${account.app.slug}/api:2.0.0`]: null });
    expect((await getRelease(account, 1)).body.release.changedTags).toEqual([]);

    const after = buildImageManifest({ seed: `after-${account.app.slug}` });
    await seedManifest(db, repository, after, { tag: "1.0.1" });
    const changed = [{ image: `${account.app.slug}/worker:1.0.1`, digestAtRelease: before.digest, currentDigest: after.digest }];
    expect((await getRelease(account, 1)).body.release.changedTags).toEqual(changed);
    const list = await callRoute(releasesRoute.GET, { params: { slug: account.app.slug }, token: account.token });
    expect(list.body.releases[0].changedTags).toEqual(changed);
  });
});

describe("the draft", () => {
  it("round-trips the editor's autosave and refuses an over-large one", async () => {
    const account = await createAccountWithApp("releases-draft");
    const slug = account.app.slug;
    expect((await callRoute(draftRoute.GET, { params: { slug }, token: account.token })).body).toEqual({ draft: null });
    const saved = await callRoute(draftRoute.PUT, { method: "PUT", params: { slug }, token: account.token, json: { yaml: "kind: Pod\n", notes: "wip" } });
    expect(saved.status).toBe(200);
    await callRoute(draftRoute.PUT, { method: "PUT", params: { slug }, token: account.token, json: { yaml: "kind: Deployment\n", notes: "wip 2" } });
    const loaded = await callRoute(draftRoute.GET, { params: { slug }, token: account.token });
    expect(loaded.body.draft).toMatchObject({ yaml: "kind: Deployment\n", notes: "wip 2" });
    expect(Date.parse(loaded.body.draft.updatedAt)).toBeGreaterThan(0);
    const big = await callRoute(draftRoute.PUT, { method: "PUT", params: { slug }, token: account.token, json: { yaml: "#".repeat(MAX_RELEASE_YAML_BYTES + 1) } });
    expect(big.status).toBe(413);
    const bad = await callRoute(draftRoute.PUT, { method: "PUT", params: { slug }, token: account.token, json: { notes: "no yaml" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^yaml: /);
  });
});

describe("isolation", () => {
  it("answers 404 to another team on every release route, and changes nothing", async () => {
    const slug = owner.app.slug;
    const token = stranger.token;
    await create(owner, releaseYaml(slug));
    const responses = [
      await preview({ ...owner, token }, releaseYaml(slug)),
      await callRoute(releasesRoute.GET, { params: { slug }, token }),
      await post(releasesRoute.POST, slug, token, { json: { yaml: releaseYaml(slug) } }),
      await getRelease(owner, 1, token),
      await callRoute(compareRoute.GET, { path: `/api/v1/apps/${slug}/releases/compare?from=1&to=1`, params: { slug }, token }),
      await callRoute(draftRoute.GET, { params: { slug }, token }),
      await callRoute(draftRoute.PUT, { method: "PUT", params: { slug }, token, json: { yaml: "stolen" } }),
    ];
    expect(responses.map((res) => res.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    for (const res of responses) expect(JSON.stringify(res.body)).not.toContain("replicatedregistrykey");
    expect(await testPrisma().releaseDraft.findUnique({ where: { appId: owner.app.id } })).toBeNull();
    expect(await testPrisma().release.count({ where: { appId: owner.app.id } })).toBe(1);
  });

  it("asks for authentication first", async () => {
    const res = await callRoute(releasesRoute.GET, { params: { slug: owner.app.slug } });
    expect(res.status).toBe(401);
  });
});
