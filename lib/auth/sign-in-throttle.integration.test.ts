/**
 * Lockout must not be a weapon: eight wrong passwords for someone's e-mail from one
 * address slow that address down for that e-mail, but the account's valid personal
 * access token keeps working at /v2/token and on the API, and the right password from
 * another address still signs in.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import { CLIENT_ADDRESS_HEADER } from "@/lib/api/client-address";
import { createTestTeam, type TestTeam } from "@/lib/teams/test-team";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";
import { basicAuth, startTestRegistry, type TestRegistry } from "@/lib/registry/http/test-registry";
import { authorizeSignIn } from "./next-auth-options";
import { passwordThrottleKey } from "./sign-in-throttle";

process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
process.env.SECRETS_KEY ??= randomBytes(32).toString("hex");

let registry: TestRegistry;
let team: TestTeam;
beforeAll(async () => {
  registry = await startTestRegistry();
  team = await createTestTeam("lockout");
});
afterAll(async () => registry.close());

const tokenEndpoint = (email: string, secret: string) =>
  fetch(`${registry.origin}/v2/token?service=${registry.host}&scope=repository:${team.slug}/ci:pull,push`, { headers: { Authorization: basicAuth(email, secret) } });

describe("wrong passwords for an e-mail", () => {
  it("lock that address's passwords out, never the account's valid token, nor the password from elsewhere", async () => {
    const victim = team.members.developer;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt += 1) statuses.push((await tokenEndpoint(victim.email, `guess ${attempt} password`)).status);
    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6)).toEqual([429, 429]);
    // The attacker's address is locked for this e-mail, even with the right password.
    expect((await tokenEndpoint(victim.email, victim.password)).status).toBe(429);
    const row = await testPrisma().signInThrottle.findUniqueOrThrow({ where: { email: passwordThrottleKey(victim.email, "127.0.0.1") } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

    // The valid token still logs docker in, from the same address, and its registry token pushes.
    const issued = await tokenEndpoint(victim.email, victim.token);
    expect(issued.status).toBe(200);
    const { token } = (await issued.json()) as { token: string };
    const upload = await fetch(`${registry.origin}/v2/${team.slug}/ci/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(upload.status).toBe(202);

    // And on the API, as a bearer token and as the Basic password of token creation's caller.
    expect((await callRoute(appsRoute.GET, { path: "/api/v1/apps", token: victim.token, headers: { [CLIENT_ADDRESS_HEADER]: "127.0.0.1" } })).status).toBe(200);

    // The same e-mail's right password from another address is not locked.
    const elsewhere = await callRoute(tokensRoute.POST, {
      method: "POST",
      path: "/api/v1/tokens",
      basic: { username: victim.email, password: victim.password },
      headers: { [CLIENT_ADDRESS_HEADER]: "203.0.113.7" },
      json: { name: "from the office" },
    });
    expect(elsewhere.status).toBe(201);
    await expect(authorizeSignIn({ email: victim.email, password: victim.password, code: "", clientAddress: "203.0.113.8" })).resolves.toMatchObject({ id: victim.userId });
    // From the attacker's address the API's Basic password is locked too.
    const locked = await callRoute(tokensRoute.POST, {
      method: "POST",
      path: "/api/v1/tokens",
      basic: { username: victim.email, password: victim.password },
      headers: { [CLIENT_ADDRESS_HEADER]: "127.0.0.1" },
      json: { name: "blocked" },
    });
    expect(locked.status).toBe(429);
  });

  it("are forgotten once the right password comes from that address", async () => {
    const member = team.members.admin;
    const key = passwordThrottleKey(member.email, "127.0.0.1");
    for (let attempt = 0; attempt < 2; attempt += 1) expect((await tokenEndpoint(member.email, `typo ${attempt} password`)).status).toBe(401);
    expect((await testPrisma().signInThrottle.findUniqueOrThrow({ where: { email: key } })).failures).toBe(2);
    expect((await tokenEndpoint(member.email, member.password)).status).toBe(200);
    expect(await testPrisma().signInThrottle.findUnique({ where: { email: key } })).toBeNull();
  });

  it("are never counted for right ones: many sign-ins in a row lock nothing", async () => {
    const member = team.members.owner;
    const failuresOnRecord = () => testPrisma().signInThrottle.count({ where: { email: { endsWith: `|${member.email}`, not: { startsWith: "audit:" } } } });
    for (let attempt = 0; attempt < 8; attempt += 1) {
      await expect(authorizeSignIn({ email: member.email, password: member.password, code: "", clientAddress: "203.0.113.20" })).resolves.toMatchObject({ id: member.userId });
      expect(await failuresOnRecord()).toBe(0);
      expect((await tokenEndpoint(member.email, member.password)).status).toBe(200);
      expect(await failuresOnRecord()).toBe(0);
    }
  });

  it("count wrong tokens nowhere: a flood of bad tokens locks nothing", async () => {
    const victim = team.members.viewer;
    for (let attempt = 0; attempt < 8; attempt += 1) expect((await tokenEndpoint(victim.email, `slw_${"x".repeat(39)}${attempt}`)).status).toBe(401);
    // (The audit log's once-a-minute gate shares the table under `audit:`; it locks nothing.)
    expect(await testPrisma().signInThrottle.count({ where: { email: { endsWith: `|${victim.email}`, not: { startsWith: "audit:" } } } })).toBe(0);
    expect((await tokenEndpoint(victim.email, victim.password)).status).toBe(200);
  });
});
