/**
 * Channels and promotions through the API on the real database: the default channels,
 * adding, renaming and archiving (refused while customers follow a channel), promoting
 * (refused on error diagnostics and on a taken version label), demoting, the history,
 * and another team's 404s.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { buildImageManifest, ensureSeedRepository, seedManifest } from "@/lib/images/test-support/seed-images";
import { container, deployment } from "@/lib/releases/test-fixtures";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";
import * as customersRoute from "../customers/route";
import * as demoteRoute from "../promotions/[id]/demote/route";
import * as promoteRoute from "../releases/[sequence]/promote/route";
import * as releasesRoute from "../releases/route";
import * as channelRoute from "./[name]/route";
import * as historyRoute from "./[name]/releases/route";
import * as channelsRoute from "./route";

const HOST = "registry.example.com";

function releaseYaml(slug: string, pullSecret = true): string {
  const images = "images:\n  - source: replicated\n    name: worker\n    tag: 1.0.1\n";
  return `${images}---\n${deployment("worker", container("worker", `${HOST}/${slug}/worker:1.0.1`), { pullSecret })}`;
}

let owner: AccountWithApp;
let stranger: AccountWithApp;

const listChannels = (account: AccountWithApp, slug = account.app.slug) =>
  callRoute(channelsRoute.GET, { path: `/api/v1/apps/${slug}/channels`, params: { slug }, token: account.token });
const addChannel = (account: AccountWithApp, name: unknown) =>
  callRoute(channelsRoute.POST, { method: "POST", params: { slug: account.app.slug }, token: account.token, json: { name } });
const patchChannel = (account: AccountWithApp, name: string, json: unknown, slug = account.app.slug) =>
  callRoute(channelRoute.PATCH, { method: "PATCH", params: { slug, name }, token: account.token, json });
const archiveChannel = (account: AccountWithApp, name: string) => callRoute(channelRoute.DELETE, { method: "DELETE", params: { slug: account.app.slug, name }, token: account.token });
const promote = (account: AccountWithApp, sequence: number, json: unknown, slug = account.app.slug) =>
  callRoute(promoteRoute.POST, { method: "POST", params: { slug, sequence: String(sequence) }, token: account.token, json });
const history = (account: AccountWithApp, name: string, slug = account.app.slug) => callRoute(historyRoute.GET, { params: { slug, name }, token: account.token });
const demote = (account: AccountWithApp, id: string, slug = account.app.slug) => callRoute(demoteRoute.POST, { method: "POST", params: { slug, id }, token: account.token });

beforeAll(async () => {
  process.env.REGISTRY_HOST = HOST;
  owner = await createAccountWithApp("channels");
  stranger = await createAccountWithApp("channels-stranger");
  const db = testPrisma();
  await seedManifest(db, await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/worker`), buildImageManifest({ seed: owner.app.slug }), { tag: "1.0.1" });
  const created = await callRoute(releasesRoute.POST, { method: "POST", params: { slug: owner.app.slug }, token: owner.token, json: { yaml: releaseYaml(owner.app.slug) } });
  expect(created.status).toBe(201);
  // A release stored with an error (as one written before a rule existed would be), to test the refusal.
  await db.release.create({ data: { appId: owner.app.id, sequence: 2, yaml: releaseYaml(owner.app.slug, false), createdById: owner.principal.userId } });
});

describe("channels", () => {
  it("a new application has Stable, Beta and Unstable, in that order, with no release or customers", async () => {
    const res = await listChannels(owner);
    expect(res.status).toBe(200);
    expect(res.body.channels.map((channel: { name: string }) => channel.name)).toEqual(["Stable", "Beta", "Unstable"]);
    expect(res.body.channels[0]).toMatchObject({ archived: false, customerCount: 0, currentRelease: null });
  });

  it("adds, renames and refuses a taken name in any case, or a malformed one", async () => {
    const added = await addChannel(owner, "LTS");
    expect(added.status).toBe(201);
    expect(added.body.channel).toMatchObject({ name: "LTS", position: 3, archived: false });
    expect((await addChannel(owner, "lts")).status).toBe(409);
    const bad = await addChannel(owner, "no/slashes");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("name");
    const renamed = await patchChannel(owner, "LTS", { name: "LTS 2" });
    expect(renamed.body.channel.name).toBe("LTS 2");
    const clash = await patchChannel(owner, "LTS 2", { name: "beta" });
    expect(clash.status).toBe(409);
    expect(clash.body.error.message).toMatch(/"Beta" already exists/);
    expect((await patchChannel(owner, "LTS", { name: "x" })).status).toBe(404);
  });

  it("creates a channel that builds airgap bundles on promotion, and switches that off without renaming it", async () => {
    const created = await callRoute(channelsRoute.POST, { method: "POST", params: { slug: owner.app.slug }, token: owner.token, json: { name: "Bunker", airgapBuildOnPromotion: true } });
    expect(created.status).toBe(201);
    expect(created.body.channel).toMatchObject({ name: "Bunker", airgapBuildOnPromotion: true });
    const off = await patchChannel(owner, "Bunker", { airgapBuildOnPromotion: false });
    expect(off.body.channel).toMatchObject({ name: "Bunker", airgapBuildOnPromotion: false });
    const wrongType = await callRoute(channelsRoute.POST, { method: "POST", params: { slug: owner.app.slug }, token: owner.token, json: { name: "Vault", airgapBuildOnPromotion: "yes" } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details[0].path).toBe("airgapBuildOnPromotion");
  });

  it("archives a channel nobody follows, refuses one with customers, and restores", async () => {
    await addChannel(owner, "Edge");
    const customer = await callRoute(customersRoute.POST, { method: "POST", params: { slug: owner.app.slug }, token: owner.token, json: { name: "Acme", channel: "Edge" } });
    expect(customer.status).toBe(201);
    const refused = await archiveChannel(owner, "Edge");
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('The channel "Edge" cannot be archived: 1 customer is on it. Move them to another channel first.');
    await testPrisma().customer.update({ where: { id: customer.body.customer.id }, data: { archivedAt: new Date() } });
    const archived = await archiveChannel(owner, "Edge");
    expect(archived.status).toBe(200);
    expect(archived.body.channel).toMatchObject({ archived: true, customerCount: 0 });
    // No new customer on an archived channel.
    const onArchived = await callRoute(customersRoute.POST, { method: "POST", params: { slug: owner.app.slug }, token: owner.token, json: { name: "Late", channel: "Edge" } });
    expect(onArchived.status).toBe(400);
    expect(onArchived.body.error.message).toMatch(/archived/);
    expect((await patchChannel(owner, "Edge", { archived: false })).body.channel.archived).toBe(false);
  });
});

describe("promotions", () => {
  it("promotes with a version and notes; the channel's current release follows; the label is unique in the channel", async () => {
    const res = await promote(owner, 1, { channel: "Stable", version: "1.4.2", notes: "# Fixes\n<script>alert(1)</script>" });
    expect(res.status).toBe(201);
    expect(res.body.promotion).toMatchObject({ channel: "Stable", releaseSequence: 1, version: "1.4.2", demotedAt: null, promotedBy: { email: owner.email } });
    const stable = (await listChannels(owner)).body.channels.find((channel: { name: string }) => channel.name === "Stable");
    expect(stable.currentRelease).toMatchObject({ sequence: 1, version: "1.4.2" });
    const again = await promote(owner, 1, { channel: "Stable", version: "1.4.2" });
    expect(again.status).toBe(409);
    expect(again.body.error.details[0].path).toBe("version");
    expect((await promote(owner, 1, { channel: "Beta", version: "1.4.2" })).status).toBe(201);
  });

  it("refuses a release with error diagnostics, an unknown channel, an empty version and a missing release", async () => {
    const errors = await promote(owner, 2, { channel: "Stable", version: "2.0.0" });
    expect(errors.status).toBe(400);
    expect(errors.body.error.message).toMatch(/the release has 1 error; fix them before promoting it\. line \d+: .*replicatedregistrykey/);
    expect((await promote(owner, 1, { channel: "Nope", version: "1" })).body.error.details[0].path).toBe("channel");
    expect((await promote(owner, 1, { channel: "Stable", version: "  " })).body.error.details[0].path).toBe("version");
    expect((await promote(owner, 1, { channel: "Stable", version: "a\nb" })).status).toBe(400);
    expect((await promote(owner, 99, { channel: "Stable", version: "9" })).status).toBe(404);
  });

  it("demotes: the channel falls back, the history keeps both, the release stays", async () => {
    const second = await promote(owner, 1, { channel: "Unstable", version: "first" });
    const third = await promote(owner, 1, { channel: "Unstable", version: "second" });
    const demoted = await demote(owner, third.body.promotion.id);
    expect(demoted.status).toBe(200);
    expect(demoted.body.promotion.demotedBy).toMatchObject({ email: owner.email });
    expect((await demote(owner, third.body.promotion.id)).status).toBe(409);
    const unstable = (await listChannels(owner)).body.channels.find((channel: { name: string }) => channel.name === "Unstable");
    expect(unstable.currentRelease.version).toBe("first");
    const list = await history(owner, "Unstable");
    expect(list.body.promotions.map((p: { version: string; demotedAt: string | null }) => [p.version, p.demotedAt !== null])).toEqual([
      ["second", true],
      ["first", false],
    ]);
    expect(second.body.promotion.id).toBe(list.body.promotions[1].id);
    expect(await testPrisma().release.count({ where: { appId: owner.app.id } })).toBe(2);
  });
});

describe("another team", () => {
  it("gets 404 for every channel and promotion route", async () => {
    const slug = owner.app.slug;
    const promotionId = (await history(owner, "Stable")).body.promotions[0].id;
    expect((await listChannels(stranger, slug)).status).toBe(404);
    expect((await callRoute(channelsRoute.POST, { method: "POST", params: { slug }, token: stranger.token, json: { name: "Mine" } })).status).toBe(404);
    expect((await patchChannel(stranger, "Stable", { name: "Taken" }, slug)).status).toBe(404);
    expect((await callRoute(channelRoute.DELETE, { method: "DELETE", params: { slug, name: "Beta" }, token: stranger.token })).status).toBe(404);
    expect((await history(stranger, "Stable", slug)).status).toBe(404);
    expect((await promote(stranger, 1, { channel: "Stable", version: "evil" }, slug)).status).toBe(404);
    expect((await demote(stranger, promotionId, slug)).status).toBe(404);
    // Its own app's promotion id does not reach the owner's promotion either.
    expect((await demote(stranger, promotionId)).status).toBe(404);
  });
});
