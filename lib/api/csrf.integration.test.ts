/**
 * CSRF over the real route wrapper: a session cookie is honoured for a state change only
 * from the portal's own origin with a JSON body; another port, another site or a
 * text/plain body (what an attacker's form or no-cors fetch can send) gets 403. Bearer
 * tokens are unaffected, and next-auth's own POSTs are held to the same origin rule.
 */
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import * as nextAuthRoute from "@/app/api/auth/[...nextauth]/route";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import { loadServerSecrets } from "@/lib/config/secrets";
import { testPrisma } from "@/lib/test/database";
import { callRoute } from "@/lib/test/call-route";
import { createTestAccount, type TestAccount } from "@/lib/test/fixtures";

process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
process.env.SECRETS_KEY ??= randomBytes(32).toString("hex");

let account: TestAccount;
let cookie: string;
beforeAll(async () => {
  testPrisma();
  account = await createTestAccount("csrf");
  const user = await testPrisma().user.findUniqueOrThrow({ where: { id: account.principal.userId } });
  const session = await encode({ token: { sub: user.id, sv: user.sessionVersion }, secret: loadServerSecrets().nextAuthSecret });
  cookie = `next-auth.session-token=${session}`;
});

const createApp = (headers: Record<string, string>, body?: { json?: unknown; body?: string }) =>
  callRoute(appsRoute.POST, { method: "POST", path: "/api/v1/apps", headers: { cookie, ...headers }, ...(body ?? { json: { name: `CSRF ${randomBytes(3).toString("hex")}` } }) });

describe("cookie-authenticated state changes", () => {
  it("are accepted from the portal's own origin with a JSON body", async () => {
    expect((await createApp({ origin: "http://localhost" })).status).toBe(201);
    expect((await createApp({ "sec-fetch-site": "same-origin", origin: "http://localhost" })).status).toBe(201);
  });

  it("are refused from another port, another site, or a sibling subdomain", async () => {
    const attempts: Record<string, string>[] = [
      { origin: "http://localhost:3001" },
      { origin: "http://evil.localhost" },
      { origin: "null" },
      { "sec-fetch-site": "same-site", origin: "http://localhost:3001" },
      { "sec-fetch-site": "cross-site" },
    ];
    for (const headers of attempts) {
      const refused = await createApp(headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.body.error.message).toMatch(/another site or origin/);
    }
    expect(await testPrisma().app.count({ where: { teamId: account.principal.teamId } })).toBe(2);
  });

  it("are refused with a text/plain or form body even from the same origin", async () => {
    const name = `Plain ${randomBytes(3).toString("hex")}`;
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const refused = await createApp({ origin: "http://localhost", "content-type": type }, { body: JSON.stringify({ name }) });
      expect(refused.status, type).toBe(403);
      expect(refused.body.error.message).toMatch(/application\/json/);
    }
    expect(await testPrisma().app.count({ where: { name } })).toBe(0);
  });

  it("include token creation, a route that authenticates itself", async () => {
    const refused = await callRoute(tokensRoute.POST, { method: "POST", path: "/api/v1/tokens", headers: { cookie, origin: "http://localhost:3001" }, json: { name: "stolen" } });
    expect(refused.status).toBe(403);
    const created = await callRoute(tokensRoute.POST, { method: "POST", path: "/api/v1/tokens", headers: { cookie, origin: "http://localhost" }, json: { name: "mine" } });
    expect(created.status).toBe(201);
  });

  it("do not affect bearer-token requests, whatever their origin", async () => {
    const created = await callRoute(appsRoute.POST, { method: "POST", path: "/api/v1/apps", token: account.token, headers: { origin: "http://localhost:3001", cookie }, json: { name: "Bearer app" } });
    expect(created.status).toBe(201);
  });
});

describe("next-auth's own POST routes", () => {
  const post = (headers: Record<string, string>) =>
    nextAuthRoute.POST(
      new Request("http://localhost/api/auth/signout", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...headers }, body: "csrfToken=x" }),
      { params: Promise.resolve({ nextauth: ["signout"] }) },
    );

  it("refuse another origin before next-auth runs", async () => {
    const refused = await post({ origin: "http://localhost:3001" });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("forbidden");
  });
});
