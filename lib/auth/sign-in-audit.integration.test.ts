/**
 * Failed sign-ins on every surface reach the audit log: the registry's token endpoint
 * (people, service accounts), the API's Basic password and a refused bearer token. Each
 * is recorded at most once a minute per client address and username, so a flood of
 * guesses writes one row, and no event holds the secret that was tried.
 */
import { randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import { CLIENT_ADDRESS_HEADER } from "@/lib/api/client-address";
import { basicAuth, startTestRegistry, type TestRegistry } from "@/lib/registry/http/test-registry";
import { createServiceAccount } from "@/lib/teams/service-accounts";
import { createTestTeam, type TestTeam } from "@/lib/teams/test-team";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";
import { createAccessToken, revokeAccessToken } from "./access-tokens";

process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
process.env.SECRETS_KEY ??= randomBytes(32).toString("hex");

let registry: TestRegistry;
let team: TestTeam;
beforeAll(async () => {
  registry = await startTestRegistry();
  team = await createTestTeam("failaudit");
});
afterAll(async () => registry.close());

const address = () => `198.18.${randomInt(256)}.${randomInt(256)}`;
const failures = (where: Record<string, unknown>) => testPrisma().auditEvent.findMany({ where: { action: "auth.sign_in_failed", ...where }, orderBy: { id: "asc" } });
/** Every text of the events, to prove no secret is in any of them (ids are BigInt). */
const textOf = (events: unknown[]) => JSON.stringify(events, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
const tokenEndpoint = (username: string, secret: string) => fetch(`${registry.origin}/v2/token?service=${registry.host}`, { headers: { Authorization: basicAuth(username, secret) } });

describe("failed sign-ins in the audit log", () => {
  it("registry: one event per address and e-mail per minute, in the person's team, without the password", async () => {
    const member = team.members.developer;
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await tokenEndpoint(member.email, `secret-guess-${attempt}-xyz`)).status).toBe(401);
    const events = await failures({ teamId: team.teamId, target: member.email });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorKind: "person", actorId: member.userId, clientAddress: "127.0.0.1", details: { via: "registry" } });
    expect(textOf(events)).not.toMatch(/secret-guess/);
  });

  it("registry: a service account's wrong token is in its team's log, named by its username only", async () => {
    const { serviceAccount } = await createServiceAccount(team.owner.principal, { name: "ci-fail", description: "", expiresAt: null, scopes: [{ app: team.slug, actions: ["pull"] }] });
    const wrong = `slw_${"A".repeat(40)}`;
    expect((await tokenEndpoint(serviceAccount.username, wrong)).status).toBe(401);
    expect((await tokenEndpoint(serviceAccount.username, wrong)).status).toBe(401);
    const events = await failures({ teamId: team.teamId, target: serviceAccount.username });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorKind: "service-account", actorId: serviceAccount.id });
    expect(textOf(events)).not.toContain(wrong);
    // A secret typed as the username is named, not stored.
    expect((await tokenEndpoint(wrong, "whatever")).status).toBe(401);
    expect(await failures({ target: wrong })).toHaveLength(0);
  });

  it("API Basic: one event per address and e-mail per minute; another address gets its own", async () => {
    const member = team.members.viewer;
    const [first, second] = [address(), address()];
    const attempt = (from: string) => callRoute(tokensRoute.POST, { method: "POST", path: "/api/v1/tokens", basic: { username: member.email, password: "api-guess-password" }, headers: { [CLIENT_ADDRESS_HEADER]: from }, json: { name: "x" } });
    for (const from of [first, first, first, second]) expect((await attempt(from)).status).toBe(401);
    const events = await failures({ teamId: team.teamId, target: member.email, details: { path: ["via"], equals: "api" } });
    expect(events.map((event) => event.clientAddress).sort()).toEqual([first, second].sort());
    expect(textOf(events)).not.toMatch(/api-guess/);
  });

  it("API bearer: a revoked token is recorded in its team by name, an unknown one as nobody's", async () => {
    const member = team.members.admin;
    const { token, record } = await createAccessToken(member.userId, "old laptop", { teamId: team.teamId });
    await revokeAccessToken(member.userId, record.id);
    const from = address();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await callRoute(appsRoute.GET, { path: "/api/v1/apps", token, headers: { [CLIENT_ADDRESS_HEADER]: from } })).status).toBe(401);
    }
    const events = await failures({ clientAddress: from });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ teamId: team.teamId, actorKind: "person", actorId: member.userId, target: "token old laptop", details: { reason: "token revoked", via: "api" } });
    expect(textOf(events)).not.toContain(token);

    const stranger = address();
    expect((await callRoute(appsRoute.GET, { path: "/api/v1/apps", token: `slw_${"b".repeat(40)}`, headers: { [CLIENT_ADDRESS_HEADER]: stranger } })).status).toBe(401);
    expect(await failures({ clientAddress: stranger })).toMatchObject([{ teamId: null, actorKind: "anonymous", target: "an unknown token" }]);
  });
});
