/**
 * The registry half of the role x action table: pull, push and delete for a person of
 * each role (docker login with a personal token), for service accounts with pull-only
 * and push scopes, and for another team's owner, each cell proven by a real request
 * with the token the token endpoint issued. Then skopeo, the real client: a service
 * account pushes with its token, a pull-only one is refused, an expired one cannot log
 * in, and a registry token issued before its access token was revoked stops at once, as
 * does one issued from a password when its holder's role is lowered or membership ends.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { revokeAccessToken, createAccessToken } from "@/lib/auth/access-tokens";
import { changeMemberRole, removeMember } from "@/lib/teams/members";
import { createServiceAccount } from "@/lib/teams/service-accounts";
import { addTestMember, createTestTeam, type TestTeam } from "@/lib/teams/test-team";
import { testPrisma } from "@/lib/test/database";
import { writeImageLayout } from "@/lib/registry/http/test-oci-layout";
import { fetchToken, pushManifest, pushSmallImage, startTestRegistry, type TestRegistry } from "@/lib/registry/http/test-registry";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";

let registry: TestRegistry;
let team: TestTeam;
let stranger: TestTeam;
let repo: string;
let workDir: string;
let skopeo: SkopeoEnvironment;

type Cell = { pull: boolean; push: boolean; delete: boolean };
const ROLE_CELLS: Record<Role, Cell> = {
  viewer: { pull: true, push: false, delete: false },
  developer: { pull: true, push: true, delete: true },
  admin: { pull: true, push: true, delete: true },
  owner: { pull: true, push: true, delete: true },
};

beforeAll(async () => {
  registry = await startTestRegistry();
  [team, stranger] = await Promise.all([createTestTeam("reg"), createTestTeam("regstranger")]);
  repo = `${team.slug}/web`;
  workDir = await mkdtemp(path.join(tmpdir(), "slipway-registry-roles-"));
  skopeo = await prepareSkopeo(workDir);
  const ownerToken = await fetchToken(registry, team.owner.email, team.owner.token, [`repository:${repo}:pull,push`]);
  const image = await pushSmallImage(registry, ownerToken, repo);
  for (const tag of ["v1", "del-viewer", "del-developer", "del-admin", "del-owner", "del-sa-pull", "del-sa-push", "del-stranger"]) {
    await pushManifest(registry, ownerToken, repo, tag, image.manifest);
  }
});

afterAll(async () => {
  await registry.close();
  await rm(workDir, { recursive: true, force: true });
});

/** What one set of credentials may do, by real requests: pull v1, start an upload, delete its own tag. */
async function probe(username: string, secret: string, tagToDelete: string): Promise<Cell> {
  const token = await fetchToken(registry, username, secret, [`repository:${repo}:pull,push,delete`]);
  const auth = { Authorization: `Bearer ${token}` };
  const pull = await fetch(`${registry.origin}/v2/${repo}/manifests/v1`, { headers: { ...auth, Accept: "application/vnd.oci.image.manifest.v1+json" } });
  const push = await fetch(`${registry.origin}/v2/${repo}/blobs/uploads/`, { method: "POST", headers: auth });
  const del = await fetch(`${registry.origin}/v2/${repo}/manifests/${tagToDelete}`, { method: "DELETE", headers: auth });
  for (const response of [pull, push, del]) {
    if (response.status >= 300) expect([401, 403], `${response.url} ${response.status}`).toContain(response.status);
  }
  return { pull: pull.status === 200, push: push.status === 202, delete: del.status === 202 };
}

describe("registry role x action", () => {
  for (const role of ["viewer", "developer", "admin", "owner"] as const) {
    it(`${role}: pull ${ROLE_CELLS[role].pull}, push ${ROLE_CELLS[role].push}, delete ${ROLE_CELLS[role].delete}`, async () => {
      const member = team.members[role];
      expect(await probe(member.email, member.token, `del-${role}`)).toEqual(ROLE_CELLS[role]);
    });
  }

  it("service accounts get exactly their scopes; another team's owner gets nothing", async () => {
    const pullOnly = await createServiceAccount(team.owner.principal, { name: "pull-only", description: "", expiresAt: null, scopes: [{ app: team.slug, actions: ["pull"] }] });
    const pusher = await createServiceAccount(team.owner.principal, { name: "pusher", description: "", expiresAt: null, scopes: [{ app: team.slug, actions: ["pull", "push"] }] });
    expect(await probe(pullOnly.serviceAccount.username, pullOnly.token, "del-sa-pull")).toEqual({ pull: true, push: false, delete: false });
    expect(await probe(pusher.serviceAccount.username, pusher.token, "del-sa-push")).toEqual({ pull: true, push: true, delete: false });
    expect(await probe(stranger.owner.email, stranger.owner.token, "del-stranger")).toEqual({ pull: false, push: false, delete: false });
    // The username must be the account's: the token alone under another name is refused.
    const wrongName = await fetch(`${registry.origin}/v2/token?service=${registry.host}&scope=repository:${repo}:pull`, {
      headers: { Authorization: `Basic ${Buffer.from(`someone-else:${pusher.token}`).toString("base64")}` },
    });
    expect(wrongName.status).toBe(401);
  });

  it("a registry token dies with the access token it was issued from", async () => {
    const { token: secret, record } = await createAccessToken(team.members.developer.userId, "short-lived", { teamId: team.teamId });
    const bearer = await fetchToken(registry, team.members.developer.email, secret, [`repository:${repo}:pull`]);
    const manifest = () => fetch(`${registry.origin}/v2/${repo}/manifests/v1`, { headers: { Authorization: `Bearer ${bearer}`, Accept: "application/vnd.oci.image.manifest.v1+json" } });
    expect((await manifest()).status).toBe(200);
    await revokeAccessToken(team.members.developer.userId, record.id);
    const after = await manifest();
    expect(after.status).toBe(401);
    expect(await after.text()).toMatch(/revoked/);
  });
});

describe("registry tokens minted from a password", () => {
  it("stop at once when the role is lowered or the membership ends", async () => {
    const member = await addTestMember(team.teamId, "developer");
    const bearer = await fetchToken(registry, member.email, member.password, [`repository:${repo}:pull,push`]);
    const auth = { Authorization: `Bearer ${bearer}` };
    const upload = () => fetch(`${registry.origin}/v2/${repo}/blobs/uploads/`, { method: "POST", headers: auth });
    const pull = () => fetch(`${registry.origin}/v2/${repo}/manifests/v1`, { headers: { ...auth, Accept: "application/vnd.oci.image.manifest.v1+json" } });
    expect((await upload()).status).toBe(202);
    expect((await pull()).status).toBe(200);

    await changeMemberRole(team.owner.principal, member.userId, "viewer");
    const demoted = await upload();
    expect(demoted.status).toBe(401);
    expect(demoted.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    expect(await demoted.text()).toMatch(/push access to \S+ ended/);
    // Logging in again gives what a viewer may have: pull, and push refused.
    const viewerBearer = await fetchToken(registry, member.email, member.password, [`repository:${repo}:pull,push`]);
    const pulled = await fetch(`${registry.origin}/v2/${repo}/manifests/v1`, { headers: { Authorization: `Bearer ${viewerBearer}`, Accept: "application/vnd.oci.image.manifest.v1+json" } });
    expect(pulled.status).toBe(200);
    expect((await fetch(`${registry.origin}/v2/${repo}/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${viewerBearer}` } })).status).toBe(403);

    await removeMember(team.owner.principal, member.userId);
    const removed = await fetch(`${registry.origin}/v2/${repo}/manifests/v1`, { headers: { Authorization: `Bearer ${viewerBearer}`, Accept: "application/vnd.oci.image.manifest.v1+json" } });
    expect(removed.status).toBe(401);
    expect(await removed.text()).toMatch(/pull access to \S+ ended/);
  });
});

describe("service accounts with skopeo", () => {
  it("push with the account's token; a pull-only account is refused; an expired one cannot log in", async () => {
    const layout = path.join(workDir, "layout");
    await writeImageLayout(layout, "v1", { os: "linux", architecture: "amd64", layerSizes: [200_000] });
    const ci = await createServiceAccount(team.owner.principal, { name: "github-ci", description: "pushes from CI", expiresAt: null, scopes: [{ app: team.slug, actions: ["pull", "push"] }] });
    const target = `docker://${registry.host}/${team.slug}/worker:1.0.0`;
    await skopeoCopy(skopeo, `oci:${layout}:v1`, target, `${ci.serviceAccount.username}:${ci.token}`);
    const pushedBy = await testPrisma().tag.findFirstOrThrow({ where: { name: "1.0.0", repository: { name: `${team.slug}/worker` } }, include: { manifest: true } });
    expect(pushedBy.manifest.pushedBy).toBe(ci.serviceAccount.username);

    const reader = await createServiceAccount(team.owner.principal, { name: "reader", description: "", expiresAt: null, scopes: [{ app: team.slug, actions: ["pull"] }] });
    await expect(skopeoCopy(skopeo, `oci:${layout}:v1`, `docker://${registry.host}/${team.slug}/worker:denied`, `${reader.serviceAccount.username}:${reader.token}`)).rejects.toThrow(/grants pull on \S+ but not push/);

    const soon = await createServiceAccount(team.owner.principal, { name: "soon", description: "", expiresAt: new Date(Date.now() + 1000), scopes: [{ app: team.slug, actions: ["pull", "push"] }] });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await expect(skopeoCopy(skopeo, `oci:${layout}:v1`, `docker://${registry.host}/${team.slug}/worker:expired`, `${soon.serviceAccount.username}:${soon.token}`)).rejects.toThrow(/unauthorized|incorrect/i);
  });
});
