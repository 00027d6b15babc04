/**
 * The role x action table, proven cell by cell over the real route handlers: every
 * /api/v1 route file (found on disk, so a new route without a row in
 * lib/auth/route-permissions.ts fails here) is called by a person of each role, by a
 * pull-only service account, and by another team's owner. Calls aim at targets that do
 * not exist (or send an empty body) so allowed cells answer 400/404 without changing
 * anything; what matters is 403 exactly where the role or scope does not allow the
 * action, and 404 for another team, never 403.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Permission, Role } from "@/lib/auth/roles";
import { ROUTE_PERMISSIONS } from "@/lib/auth/route-permissions";
import { createServiceAccount } from "@/lib/teams/service-accounts";
import { testPrisma } from "@/lib/test/database";
import { callRoute } from "@/lib/test/call-route";
import { createTestTeam, type TestTeam } from "@/lib/teams/test-team";

/** The matrix in the README, written out independently of lib/auth/roles.ts: the lowest role that may. */
const LOWEST_ROLE: Record<Exclude<Permission, "instance:admin">, Role> = {
  "team:read": "viewer",
  "apps:list": "viewer",
  "registry:pull": "viewer",
  account: "viewer",
  "registry:push": "developer",
  "registry:delete": "developer",
  "apps:write": "developer",
  "releases:write": "developer",
  "customers:write": "developer",
  "registries:write": "admin",
  "storage:manage": "admin",
  "members:manage": "admin",
  "service-accounts:manage": "admin",
  "audit:read": "admin",
  "team:owners": "owner",
  "team:delete": "owner",
};
const RANK: Role[] = ["viewer", "developer", "admin", "owner"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

interface RouteCase {
  key: string;
  method: (typeof METHODS)[number];
  pattern: string;
  handler: Parameters<typeof callRoute>[0];
}

function findRouteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return findRouteFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

async function loadRoutes(): Promise<RouteCase[]> {
  const root = path.resolve("app");
  const cases: RouteCase[] = [];
  for (const file of findRouteFiles(path.join(root, "api", "v1"))) {
    const pattern = "/" + path.relative(root, path.dirname(file)).split(path.sep).join("/");
    const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const method of METHODS) {
      if (typeof routeModule[method] === "function") cases.push({ key: `${method} ${pattern}`, method, pattern, handler: routeModule[method] as RouteCase["handler"] });
    }
  }
  return cases.sort((a, b) => a.key.localeCompare(b.key));
}

/** Concrete path and params for a pattern: the team's app for [slug], targets that do not exist for the rest. */
function fillPattern(pattern: string, slug: string): { path: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const segments = pattern.split("/").map((segment) => {
    const match = /^\[(\.\.\.)?(\w+)\]$/.exec(segment);
    if (!match) return segment;
    const name = match[2]!;
    if (match[1]) {
      params[name] = ["no-such-repo", "tags"];
      return "no-such-repo/tags";
    }
    const value = name === "slug" ? slug : name === "sequence" ? "999" : name === "name" ? "no-such-name" : name === "token" ? "no-such-token" : randomUUID();
    params[name] = value;
    return value;
  });
  return { path: segments.join("/"), params };
}

/** The permission a call with an empty body needs (a dry-run rule without `dryRun: true` needs its real run's); null for public routes. */
function permissionOf(key: string): Permission | null {
  const rule = ROUTE_PERMISSIONS[key];
  if (!rule || rule === "public") return null;
  return typeof rule === "string" ? rule : rule.run;
}

function call(route: RouteCase, token: string, slug: string) {
  const { path: url, params } = fillPattern(route.pattern, slug);
  const hasBody = route.method !== "GET" && route.method !== "DELETE";
  return callRoute(route.handler, { method: route.method, path: url, params: params as Record<string, string>, token, ...(hasBody ? { json: {} } : {}) });
}

let routes: RouteCase[];
let team: TestTeam;
let stranger: TestTeam;
let serviceAccountToken: string;
/** People flagged instance administrator: `instance:admin` routes are theirs whatever their role in a team. */
let instanceAdmins: Set<string>;

beforeAll(async () => {
  routes = await loadRoutes();
  [team, stranger] = await Promise.all([createTestTeam("table"), createTestTeam("stranger")]);
  await testPrisma().externalRegistry.create({ data: { teamId: team.teamId, name: "quay", endpoint: "quay.io", kind: "quay", username: "robot", secretEncrypted: "" } });
  const created = await createServiceAccount(team.owner.principal, { name: `ci-${team.slug}`, description: "", expiresAt: null, scopes: [{ app: team.slug, actions: ["pull"] }] });
  serviceAccountToken = created.token;
  instanceAdmins = new Set((await testPrisma().user.findMany({ where: { isInstanceAdmin: true }, select: { id: true } })).map((user) => user.id));
});

describe("the route table", () => {
  it("has a row for every /api/v1 route file and method", () => {
    const missing = routes.map((route) => route.key).filter((key) => !(key in ROUTE_PERMISSIONS));
    expect(missing, "add these to lib/auth/route-permissions.ts").toEqual([]);
    expect(routes.length).toBeGreaterThan(40);
  });
});

describe("role x action, every route", () => {
  for (const role of RANK) {
    it(`${role}: 403 exactly where the role does not allow the route's action`, async () => {
      const wrong: string[] = [];
      for (const route of routes) {
        const rule = permissionOf(route.key);
        if (!rule) continue;
        const mayDo = rule === "instance:admin" ? instanceAdmins.has(team.members[role].userId) : RANK.indexOf(role) >= RANK.indexOf(LOWEST_ROLE[rule]);
        const { status, body } = await call(route, team.members[role].token, team.slug);
        const refused = status === 403 && body?.error?.code === "forbidden";
        if (mayDo === refused || status === 401 || status === 500) wrong.push(`${route.key}: ${status} ${JSON.stringify(body?.error ?? {})}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it("a pull-only service account reads its app and nothing else, and each refusal names what is missing", async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const rule = permissionOf(route.key);
      if (!rule) continue;
      const isAppRoute = route.pattern.includes("[slug]");
      const mayDo = rule === "apps:list" || (rule === "team:read" && isAppRoute);
      const { status, body } = await call(route, serviceAccountToken, team.slug);
      const refused = status === 403 && /scope|Service accounts/.test(body?.error?.message ?? "");
      if (mayDo === refused || status === 401 || status === 500) wrong.push(`${route.key}: ${status} ${JSON.stringify(body?.error ?? {})}`);
    }
    expect(wrong).toEqual([]);
  });

  it("another team's owner gets 404 for every route of this team's app and registry, never 403", async () => {
    const wrong: string[] = [];
    for (const route of routes) {
      const rule = permissionOf(route.key);
      if (!rule || !/\[slug\]|registries\/\[name\]/.test(route.pattern)) continue;
      const target = fillPattern(route.pattern, team.slug);
      if (typeof target.params.name === "string") {
        target.params.name = "quay";
        target.path = target.path.replace("no-such-name", "quay");
      }
      const hasBody = route.method !== "GET" && route.method !== "DELETE";
      const { status } = await callRoute(route.handler, { method: route.method, path: target.path, params: target.params as Record<string, string>, token: stranger.owner.token, ...(hasBody ? { json: {} } : {}) });
      // 400 (a missing query or body field) is decided before any look-up, so it reveals nothing either.
      if (status !== 404 && status !== 400) wrong.push(`${route.key}: ${status}`);
    }
    expect(wrong).toEqual([]);
  });
});
