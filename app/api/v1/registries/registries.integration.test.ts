/**
 * /api/v1/registries through the real route handlers on a real PostgreSQL: create,
 * list, get, edit and delete by name; team isolation on every route; refusals while a
 * saved release uses a registry; and no stored secret in any response body.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl, testPrisma, uniqueSuffix } from "@/lib/test/database";
import { callRoute, type CallOptions } from "@/lib/test/call-route";
import { createTestAccount, type TestAccount } from "@/lib/test/fixtures";
import * as registryRoute from "./[name]/route";
import * as testRoute from "./[name]/test/route";
import * as registriesRoute from "./route";

const PASSWORD = `quay-robot-token-${randomBytes(8).toString("hex")}`;
const NEW_PASSWORD = `rotated-token-${randomBytes(8).toString("hex")}`;
const bodies: string[] = [];
const savedEnv = { SECRETS_KEY: process.env.SECRETS_KEY, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET };

let owner: TestAccount;
let stranger: TestAccount;

type Handler = Parameters<typeof callRoute>[0];

/** Calls a route and keeps the body, so the secrecy test can search every answer. */
async function call(handler: Handler, options: CallOptions) {
  const response = await callRoute(handler, options);
  bodies.push(JSON.stringify(response.body));
  return response;
}

const create = (account: TestAccount, json: Record<string, unknown>) => call(registriesRoute.POST, { method: "POST", token: account.token, json });
const get = (account: TestAccount, name: string) => call(registryRoute.GET, { token: account.token, params: { name } });
const patch = (account: TestAccount, name: string, json: Record<string, unknown>) => call(registryRoute.PATCH, { method: "PATCH", token: account.token, params: { name }, json });
const remove = (account: TestAccount, name: string) => call(registryRoute.DELETE, { method: "DELETE", token: account.token, params: { name } });

async function saveReleaseUsing(account: TestAccount, sources: string[], sequence = 1): Promise<string> {
  const db = testPrisma();
  const app = await db.app.create({ data: { name: "Uses registries", slug: `uses-${uniqueSuffix()}`, teamId: account.principal.teamId } });
  await db.release.create({ data: { appId: app.id, sequence, yaml: "images: []\n", sources, createdById: account.principal.userId } });
  return app.slug;
}

beforeAll(async () => {
  testDatabaseUrl();
  // A key of this test's own, so nothing is written to a data folder.
  process.env.SECRETS_KEY ??= randomBytes(32).toString("hex");
  process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
  [owner, stranger] = await Promise.all([createTestAccount("registries"), createTestAccount("stranger")]);
});

afterAll(() => {
  for (const [key, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("creating and reading", () => {
  it("stores the normalised endpoint and the provider, answers 201 without the secret", async () => {
    const res = await create(owner, { name: "quay", endpoint: "https://quay.io/mycompany/", username: "mycompany+bot", password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.registry).toEqual({
      name: "quay",
      endpoint: "quay.io/mycompany",
      kind: "quay",
      kindLabel: "Quay",
      credentialHint: expect.stringMatching(/robot account/),
      username: "mycompany+bot",
      hasSecret: true,
      secretUpdatedAt: expect.any(String),
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const row = await testPrisma().externalRegistry.findFirstOrThrow({ where: { teamId: owner.principal.teamId, name: "quay" } });
    expect(row.secretEncrypted).toMatch(/^v1\./);
    expect(row.secretEncrypted).not.toContain(PASSWORD);
  });

  it("stores Docker Hub as index.docker.io and says so", async () => {
    const res = await create(owner, { name: "hub", endpoint: "docker.io/acme", username: "acme", password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.registry).toMatchObject({ endpoint: "index.docker.io/acme", kind: "dockerhub", kindLabel: "Docker Hub" });
    expect(res.body.registry.endpointNotes).toEqual(["Docker Hub (docker.io) is stored as index.docker.io, the name Docker itself uses for it."]);
  });

  it("lists the team's registries by name and gets one", async () => {
    const list = await call(registriesRoute.GET, { token: owner.token });
    expect(list.status).toBe(200);
    expect(list.body.registries.map((r: { name: string }) => r.name)).toEqual(["hub", "quay"]);
    const one = await get(owner, "hub");
    expect(one.status).toBe(200);
    expect(one.body.registry).toMatchObject({ name: "hub", username: "acme", hasSecret: true });
  });

  it("refuses a name the team already uses with 409 on the name field, and bad fields with 400 naming them", async () => {
    const taken = await create(owner, { name: "quay", endpoint: "ghcr.io/acme", username: "u", password: "another-password" });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "conflict", details: [{ path: "name", issue: expect.stringMatching(/already used/) }] });
    // Another team may use the same name.
    expect((await create(stranger, { name: "quay", endpoint: "quay.io/other", username: "other+bot", password: "stranger-password-1" })).status).toBe(201);

    const badName = await create(owner, { name: "Quay!", endpoint: "quay.io", username: "u", password: "p" });
    expect(badName.status).toBe(400);
    expect(badName.body.error.message).toMatch(/^name: /);
    const badEndpoint = await create(owner, { name: "x", endpoint: "ftp://quay.io", username: "u", password: "p" });
    expect(badEndpoint.body.error.message).toMatch(/^endpoint: uses the scheme "ftp:\/\/"/);
    const noPassword = await create(owner, { name: "x", endpoint: "quay.io", username: "u", password: "" });
    expect(noPassword.body.error.message).toBe("password: enter a password or token");
  });

  it("requires authentication", async () => {
    expect((await call(registriesRoute.GET, {})).status).toBe(401);
  });
});

describe("editing", () => {
  it("keeps the secret when the password is blank and seals a new one when given", async () => {
    const before = await testPrisma().externalRegistry.findFirstOrThrow({ where: { teamId: owner.principal.teamId, name: "quay" } });
    const kept = await patch(owner, "quay", { username: "mycompany+reader", password: "", endpoint: "quay.io/mycompany/team" });
    expect(kept.status).toBe(200);
    expect(kept.body.registry).toMatchObject({ username: "mycompany+reader", endpoint: "quay.io/mycompany/team", secretUpdatedAt: before.secretUpdatedAt.toISOString() });
    const afterKeep = await testPrisma().externalRegistry.findUniqueOrThrow({ where: { id: before.id } });
    expect(afterKeep.secretEncrypted).toBe(before.secretEncrypted);

    const rotated = await patch(owner, "quay", { password: NEW_PASSWORD });
    expect(rotated.status).toBe(200);
    expect(new Date(rotated.body.registry.secretUpdatedAt).getTime()).toBeGreaterThan(before.secretUpdatedAt.getTime());
    const afterRotate = await testPrisma().externalRegistry.findUniqueOrThrow({ where: { id: before.id } });
    expect(afterRotate.secretEncrypted).not.toBe(before.secretEncrypted);
    expect(afterRotate.secretEncrypted).not.toContain(NEW_PASSWORD);
  });

  it("asks for the secret again when the endpoint moves to another server", async () => {
    const moved = await patch(owner, "quay", { endpoint: "collector.example/steal" });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details).toEqual([{ path: "password", issue: expect.stringMatching(/only sent to the server it was entered for/) }]);
    expect((await get(owner, "quay")).body.registry.endpoint).toBe("quay.io/mycompany/team");
    const withSecret = await patch(owner, "quay", { endpoint: "ghcr.io/mycompany", password: NEW_PASSWORD });
    expect(withSecret.body.registry).toMatchObject({ endpoint: "ghcr.io/mycompany", kind: "ghcr" });
    await patch(owner, "quay", { endpoint: "quay.io/mycompany", password: NEW_PASSWORD });
  });

  it("renames, refusing a name in use", async () => {
    await create(owner, { name: "temp", endpoint: "registry.example.com:5000", username: "u", password: PASSWORD });
    const clash = await patch(owner, "temp", { name: "hub" });
    expect(clash.status).toBe(409);
    expect(clash.body.error.details[0].path).toBe("name");
    const renamed = await patch(owner, "temp", { name: "temp-2" });
    expect(renamed.status).toBe(200);
    expect((await get(owner, "temp")).status).toBe(404);
    expect((await get(owner, "temp-2")).body.registry.endpoint).toBe("registry.example.com:5000");
  });
});

describe("a registry used by a saved release", () => {
  it("cannot be deleted or renamed, and the message names the release", async () => {
    await create(owner, { name: "in-use", endpoint: "ghcr.io/acme", username: "u", password: PASSWORD });
    const slug = await saveReleaseUsing(owner, ["in-use", "other"], 4);
    const refused = await remove(owner, "in-use");
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("conflict");
    expect(refused.body.error.message).toBe(`Registry "in-use" cannot be deleted: a saved release uses it as a source (${slug} release 4), and they pull through it by name.`);
    const rename = await patch(owner, "in-use", { name: "renamed" });
    expect(rename.status).toBe(409);
    expect(rename.body.error.details[0]).toMatchObject({ path: "name", issue: expect.stringContaining(`${slug} release 4`) });
    expect((await get(owner, "in-use")).status).toBe(200);
    // Other edits stay possible.
    expect((await patch(owner, "in-use", { username: "reader" })).status).toBe(200);
  });

  it("of another team does not block this team's registry of the same name", async () => {
    await saveReleaseUsing(stranger, ["temp-2"]);
    expect((await remove(owner, "temp-2")).status).toBe(204);
    expect((await get(owner, "temp-2")).status).toBe(404);
  });
});

describe("another team's registry", () => {
  it("reads as 404 on every route and stays untouched", async () => {
    const name = "quay";
    const strangerRow = await testPrisma().externalRegistry.findFirstOrThrow({ where: { teamId: stranger.principal.teamId, name } });
    // The owner's own "quay" exists too; use a name only the stranger has.
    await create(stranger, { name: "only-theirs", endpoint: "quay.io/theirs", username: "t", password: "their-secret-123" });
    const answers = [
      await get(owner, "only-theirs"),
      await patch(owner, "only-theirs", { username: "hijack" }),
      await patch(owner, "only-theirs", { password: "overwrite-1234" }),
      await remove(owner, "only-theirs"),
      await call(testRoute.POST, { method: "POST", token: owner.token, params: { name: "only-theirs" }, json: {} }),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(answer.body.error).toEqual({ code: "not_found", message: 'External registry "only-theirs" not found.' });
    }
    expect((await get(stranger, "only-theirs")).body.registry).toMatchObject({ username: "t", endpoint: "quay.io/theirs" });
    const list = await call(registriesRoute.GET, { token: owner.token });
    expect(list.body.registries.map((r: { username: string }) => r.username)).not.toContain("t");
    // The owner editing their own "quay" never touches the stranger's row of the same name.
    await patch(owner, name, { username: "owner-only" });
    expect((await testPrisma().externalRegistry.findUniqueOrThrow({ where: { id: strangerRow.id } })).username).toBe("other+bot");
  });
});

describe("secrecy", () => {
  it("never answers with a stored password or token, in any form", () => {
    expect(bodies.length).toBeGreaterThan(25);
    for (const body of bodies) {
      for (const secret of [PASSWORD, NEW_PASSWORD, "their-secret-123", "stranger-password-1"]) {
        expect(body).not.toContain(secret);
        expect(body).not.toContain(Buffer.from(secret).toString("base64"));
      }
      expect(body).not.toMatch(/"v1\.[A-Za-z0-9_-]+\./);
      expect(body).not.toContain("secretEncrypted");
    }
  });
});
