import { beforeAll, describe, expect, it } from "vitest";
import { testDatabaseUrl, testPrisma, uniqueSuffix } from "@/lib/test/database";
import { callRoute } from "@/lib/test/call-route";
import { createTestAccount, type TestAccount } from "@/lib/test/fixtures";
import * as appRoute from "./apps/[slug]/route";
import * as appsRoute from "./apps/route";
import * as tokenRoute from "./tokens/[id]/route";
import * as tokensRoute from "./tokens/route";
import * as usersRoute from "./users/route";
import { passwordThrottleKey } from "@/lib/auth/sign-in-throttle";

beforeAll(() => {
  testDatabaseUrl();
});

describe("POST /api/v1/users (sign-up)", () => {
  it("creates a user and a team, stores an argon2id hash, never the password", async () => {
    const email = `new-${uniqueSuffix()}@example.test`;
    const res = await callRoute(usersRoute.POST, { method: "POST", json: { email, password: "a long password", name: "Ada", team: "Acme" } });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email, name: "Ada" });
    const stored = await testPrisma().user.findUniqueOrThrow({ where: { email }, include: { memberships: { include: { team: true } } } });
    expect(stored.memberships.map((membership) => [membership.team.name, membership.role])).toEqual([["Acme", "owner"]]);
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.passwordHash).not.toContain("a long password");
  });

  it("refuses a duplicate e-mail with 409, whatever its case", async () => {
    const email = `dup-${uniqueSuffix()}@example.test`;
    await callRoute(usersRoute.POST, { method: "POST", json: { email, password: "a long password", name: "A", team: "T" } });
    const res = await callRoute(usersRoute.POST, { method: "POST", json: { email: email.toUpperCase(), password: "another password", name: "B", team: "U" } });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");
    expect(res.body.error.details[0].path).toBe("email");
  });

  it("names the invalid field", async () => {
    const res = await callRoute(usersRoute.POST, { method: "POST", json: { email: "not-an-email", password: "a long password", name: "A", team: "T" } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^email: /);
    const weak = await callRoute(usersRoute.POST, { method: "POST", json: { email: `w-${uniqueSuffix()}@x.test`, password: "short", name: "A", team: "T" } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toBe("password: must be at least 10 characters long");
    const broken = await callRoute(usersRoute.POST, { method: "POST", body: "{not json", headers: { "content-type": "application/json" } });
    expect(broken.status).toBe(400);
    expect(broken.body.error.message).toMatch(/not valid JSON/);
  });

  it("is refused with 403 when SIGNUP=closed", async () => {
    process.env.SIGNUP = "closed";
    try {
      const res = await callRoute(usersRoute.POST, { method: "POST", json: { email: `c-${uniqueSuffix()}@x.test`, password: "a long password", name: "A", team: "T" } });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/closed/);
    } finally {
      delete process.env.SIGNUP;
    }
  });
});

describe("tokens", () => {
  let account: TestAccount;
  beforeAll(async () => {
    account = await createTestAccount("tokens");
  });

  it("are created with HTTP Basic, stored hashed, and authenticate the API", async () => {
    const res = await callRoute(tokensRoute.POST, { method: "POST", basic: { username: account.email, password: account.password }, json: { name: "ci" } });
    expect(res.status).toBe(201);
    const { token } = res.body;
    expect(token).toMatch(/^slw_/);
    const rows = await testPrisma().accessToken.findMany({ where: { userId: account.principal.userId } });
    expect(rows.some((row) => row.tokenHash === token || row.prefix === token)).toBe(false);
    const apps = await callRoute(appsRoute.GET, { token });
    expect(apps.status).toBe(200);
  });

  it("refuse a wrong password with 401", async () => {
    const res = await callRoute(tokensRoute.POST, { method: "POST", basic: { username: account.email, password: "wrong password!" } });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("stop working once revoked, and list last use", async () => {
    const created = await callRoute(tokensRoute.POST, { method: "POST", token: account.token, json: { name: "to revoke" } });
    expect((await callRoute(appsRoute.GET, { token: created.body.token })).status).toBe(200);
    const list = await callRoute(tokensRoute.GET, { token: account.token });
    const listed = list.body.tokens.find((t: { id: string }) => t.id === created.body.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    const revoked = await callRoute(tokenRoute.DELETE, { method: "DELETE", token: account.token, params: { id: created.body.id } });
    expect(revoked.status).toBe(204);
    const after = await callRoute(appsRoute.GET, { token: created.body.token });
    expect(after.status).toBe(401);
  });

  it("of another user cannot be revoked (404)", async () => {
    const other = await createTestAccount("other");
    const created = await callRoute(tokensRoute.POST, { method: "POST", token: other.token, json: { name: "theirs" } });
    const res = await callRoute(tokenRoute.DELETE, { method: "DELETE", token: account.token, params: { id: created.body.id } });
    expect(res.status).toBe(404);
    expect((await callRoute(appsRoute.GET, { token: created.body.token })).status).toBe(200);
  });

  it("slow down repeated failed sign-ins for one e-mail from one address (kept in Postgres)", async () => {
    const victim = await createTestAccount("throttle");
    const attempts = [];
    for (let i = 0; i < 7; i++) {
      attempts.push((await callRoute(tokensRoute.POST, { method: "POST", basic: { username: victim.email, password: `wrong-${i}-password` } })).status);
    }
    expect(attempts.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(attempts[6]).toBe(429);
    // Even the right password waits until the lock expires.
    const locked = await callRoute(tokensRoute.POST, { method: "POST", basic: { username: victim.email, password: victim.password } });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    // Keyed by client address and e-mail (callRoute's requests come from no address).
    const row = await testPrisma().signInThrottle.findUniqueOrThrow({ where: { email: passwordThrottleKey(victim.email, "unknown") } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
  });
});

describe("apps", () => {
  let alice: TestAccount;
  let bob: TestAccount;
  beforeAll(async () => {
    [alice, bob] = await Promise.all([createTestAccount("alice"), createTestAccount("bob")]);
  });

  it("derive the slug from the name, and list only the team's apps", async () => {
    const slug = `my-app-${uniqueSuffix()}`;
    const created = await callRoute(appsRoute.POST, { method: "POST", token: alice.token, json: { name: slug.replace(/-/g, " ").replace("my app", "My App") } });
    expect(created.status).toBe(201);
    expect(created.body.app.slug).toBe(slug);
    const aliceList = await callRoute(appsRoute.GET, { token: alice.token });
    expect(aliceList.body.apps.map((a: { slug: string }) => a.slug)).toContain(slug);
    const bobList = await callRoute(appsRoute.GET, { token: bob.token });
    expect(bobList.body.apps.map((a: { slug: string }) => a.slug)).not.toContain(slug);
  });

  it("refuse reserved and malformed slugs with the field named", async () => {
    const reserved = await callRoute(appsRoute.POST, { method: "POST", token: alice.token, json: { name: "Registry", slug: "v2" } });
    expect(reserved.status).toBe(400);
    expect(reserved.body.error.message).toMatch(/^slug: .*reserved/);
    const bad = await callRoute(appsRoute.POST, { method: "POST", token: alice.token, json: { name: "X", slug: "Bad_Slug" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("slug");
    const missing = await callRoute(appsRoute.POST, { method: "POST", token: alice.token, json: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/^name: /);
  });

  it("give exactly one of two concurrent creates of the same slug; the other gets 409", async () => {
    const slug = `race-${uniqueSuffix()}`;
    const results = await Promise.all([
      callRoute(appsRoute.POST, { method: "POST", token: alice.token, json: { name: "Race A", slug } }),
      callRoute(appsRoute.POST, { method: "POST", token: bob.token, json: { name: "Race B", slug } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await testPrisma().app.count({ where: { slug } })).toBe(1);
  });

  it("of another team read as 404 on every route, and anonymous callers get 401", async () => {
    const slug = `private-${uniqueSuffix()}`;
    await callRoute(appsRoute.POST, { method: "POST", token: alice.token, json: { name: "Private", slug } });
    expect((await callRoute(appRoute.GET, { token: alice.token, params: { slug } })).status).toBe(200);
    const foreign = await callRoute(appRoute.GET, { token: bob.token, params: { slug } });
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe("not_found");
    // Indistinguishable from an app that does not exist at all.
    const unknownSlug = `nope-${uniqueSuffix()}`;
    const unknown = await callRoute(appRoute.GET, { token: bob.token, params: { slug: unknownSlug } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message.replace(unknownSlug, "X")).toBe(foreign.body.error.message.replace(slug, "X"));
    expect((await callRoute(appRoute.GET, { params: { slug } })).status).toBe(401);
    expect((await callRoute(appsRoute.GET, {})).status).toBe(401);
    expect((await callRoute(appsRoute.GET, { token: "slw_" + "x".repeat(40) })).status).toBe(401);
  });
});
