/**
 * The instance administrator's storage quotas over the real route handlers: only that
 * person lists every team and sets a quota (null returns to the default), a team reads
 * its own usage, and a quota set here is what the registry enforces on the next upload.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { pushBlob, startTestRegistry, fetchToken, type TestRegistry } from "@/lib/registry/http/test-registry";
import { createTestTeam, type TestTeam } from "@/lib/teams/test-team";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";
import * as teamsRoute from "./route";
import * as teamRoute from "./[id]/route";
import * as ownStorageRoute from "../../team/storage/route";

let admin: TestTeam;
let other: TestTeam;
let registry: TestRegistry;
/** Whether this test's owner is the real instance administrator (the first account of a fresh test database). */
let wasAdmin: boolean;

beforeAll(async () => {
  admin = await createTestTeam("instance-admin");
  other = await createTestTeam("quota-team");
  const prisma = testPrisma();
  wasAdmin = (await prisma.user.findUniqueOrThrow({ where: { id: admin.owner.principal.userId } })).isInstanceAdmin;
  // Otherwise the database's first account is the administrator; this test's owner acts as a second one.
  if (!wasAdmin) await prisma.user.update({ where: { id: admin.owner.principal.userId }, data: { isInstanceAdmin: true } });
  registry = await startTestRegistry({ uploadLimits: { settings: { teamStorageQuota: 0, maxBlobSize: 0, minFreeSpace: 0, maxUploadSessionsPerUser: 50, maxUploadSessionsPerApp: 200 }, freeSpacePaths: [] } });
});

afterAll(async () => {
  if (!wasAdmin) await testPrisma().user.update({ where: { id: admin.owner.principal.userId }, data: { isInstanceAdmin: false } });
  await registry.close();
});

describe("the instance administrator", () => {
  it("is the first account: exactly one, the oldest, and later accounts are not", async () => {
    const prisma = testPrisma();
    const oldest = await prisma.user.findFirstOrThrow({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
    const flagged = await prisma.user.findMany({ where: { isInstanceAdmin: true, ...(wasAdmin ? {} : { id: { not: admin.owner.principal.userId } }) }, select: { id: true } });
    expect(flagged).toEqual([oldest]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: other.owner.principal.userId } })).isInstanceAdmin).toBe(false);
  });

  it("alone lists every team's storage; a team's owner is refused", async () => {
    const listed = await callRoute(teamsRoute.GET, { path: "/api/v1/admin/teams", token: admin.owner.token });
    expect(listed.status).toBe(200);
    const row = listed.body.teams.find((team: { teamId: string }) => team.teamId === other.teamId);
    expect(row).toMatchObject({ teamName: expect.any(String), usedBytes: 0, ownQuotaBytes: null });
    const refused = await callRoute(teamsRoute.GET, { path: "/api/v1/admin/teams", token: other.owner.token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/instance administrator/);
    const patchRefused = await callRoute(teamRoute.PATCH, { method: "PATCH", path: `/api/v1/admin/teams/${other.teamId}`, params: { id: other.teamId }, token: other.owner.token, json: { storageQuota: 0 } });
    expect(patchRefused.status).toBe(403);
  });

  it("sets a team's quota (bytes or a size), which the registry enforces on the next upload, and null returns it to the default", async () => {
    const repository = `${other.slug}/api`;
    const token = await fetchToken(registry, other.owner.email, other.owner.password, [`repository:${repository}:pull,push`]);
    await pushBlob(registry, token, repository, randomBytes(8 * 1024));
    const set = (storageQuota: unknown) =>
      callRoute(teamRoute.PATCH, { method: "PATCH", path: `/api/v1/admin/teams/${other.teamId}`, params: { id: other.teamId }, token: admin.owner.token, json: { storageQuota } });
    const limited = await set("10KiB");
    expect(limited.status).toBe(200);
    expect(limited.body.team).toMatchObject({ ownQuotaBytes: 10 * 1024, quotaBytes: 10 * 1024, usedBytes: 8 * 1024 });
    const data = randomBytes(4 * 1024);
    const refused = await fetch(`${registry.origin}/v2/${repository}/blobs/uploads/?digest=${computeDigest(data)}`, { method: "POST", headers: { Authorization: `Bearer ${token}` }, body: new Uint8Array(data) });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/8\.0 KiB of 10\.0 KiB used/);
    const own = await callRoute(ownStorageRoute.GET, { path: "/api/v1/team/storage", token: other.members.viewer.token });
    expect(own.body).toMatchObject({ usedBytes: 8 * 1024, quotaBytes: 10 * 1024 });
    expect((await set(null)).body.team).toMatchObject({ ownQuotaBytes: null, quotaBytes: own.body.defaultQuotaBytes });
    await pushBlob(registry, token, repository, data);
  });

  it("refuses a quota that is not a size, and an unknown team is not found", async () => {
    const bad = await callRoute(teamRoute.PATCH, { method: "PATCH", path: `/api/v1/admin/teams/${other.teamId}`, params: { id: other.teamId }, token: admin.owner.token, json: { storageQuota: "lots" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/storageQuota/);
    const negative = await callRoute(teamRoute.PATCH, { method: "PATCH", path: `/api/v1/admin/teams/${other.teamId}`, params: { id: other.teamId }, token: admin.owner.token, json: { storageQuota: -1 } });
    expect(negative.status).toBe(400);
    const missing = await callRoute(teamRoute.PATCH, { method: "PATCH", path: "/api/v1/admin/teams/not-a-team", params: { id: "not-a-team" }, token: admin.owner.token, json: { storageQuota: 0 } });
    expect(missing.status).toBe(404);
  });
});
