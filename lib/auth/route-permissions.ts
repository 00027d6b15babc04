/**
 * What every /api/v1 route needs, as one table keyed by "METHOD pattern" (the route
 * file's folder under app/, brackets kept). lib/api/with-api.ts finds the row for each
 * request and asks lib/auth/access.ts; a test enumerates the route files and fails for
 * a route without a row. `public` routes authenticate themselves (sign-up, license
 * bearer, Basic token creation) or need nothing. A route with no row is treated as
 * `team:read` for reads and `members:manage` (admin) for writes until it gets one.
 */
import type { Permission } from "./roles";

/** A permission; `public`; or, for a JSON body with `dryRun: true`, a lesser permission than for the real run. */
export type RouteRule = Permission | "public" | { dryRun: Permission; run: Permission };

const A = "/api/v1/apps/[slug]";

export const ROUTE_PERMISSIONS: Readonly<Record<string, RouteRule>> = {
  "GET /api/v1/openapi.json": "public",
  "POST /api/v1/users": "public",
  "POST /api/v1/licenses/verify": "public",
  "GET /api/v1/license/install.yaml": "public",
  "POST /api/v1/tokens": "public",
  "GET /api/v1/tokens": "account",
  "DELETE /api/v1/tokens/[id]": "account",
  "GET /api/v1/teams": "account",
  "POST /api/v1/teams": "account",
  "PUT /api/v1/session/team": "account",
  "GET /api/v1/account": "account",
  "PATCH /api/v1/account": "account",
  "DELETE /api/v1/account": "account",
  "POST /api/v1/account/password": "account",
  "POST /api/v1/account/sign-out-everywhere": "account",
  "POST /api/v1/account/two-factor": "account",
  "PUT /api/v1/account/two-factor": "account",
  "DELETE /api/v1/account/two-factor": "account",
  "POST /api/v1/password-resets": "public",
  "POST /api/v1/password-resets/[token]": "public",
  "POST /api/v1/invitations/[token]/accept": "account",
  "GET /api/v1/team": "team:read",
  "DELETE /api/v1/team": "team:delete",
  "GET /api/v1/team/members": "team:read",
  "PATCH /api/v1/team/members/[userId]": "members:manage",
  "DELETE /api/v1/team/members/[userId]": "members:manage",
  "POST /api/v1/team/members/[userId]/password-reset": "team:owners",
  "GET /api/v1/team/invitations": "members:manage",
  "POST /api/v1/team/invitations": "members:manage",
  "DELETE /api/v1/team/invitations/[id]": "members:manage",
  "GET /api/v1/service-accounts": "service-accounts:manage",
  "POST /api/v1/service-accounts": "service-accounts:manage",
  "GET /api/v1/service-accounts/[id]": "service-accounts:manage",
  "DELETE /api/v1/service-accounts/[id]": "service-accounts:manage",
  "GET /api/v1/audit": "audit:read",
  "GET /api/v1/registries": "team:read",
  "POST /api/v1/registries": "registries:write",
  "GET /api/v1/registries/[name]": "team:read",
  "PATCH /api/v1/registries/[name]": "registries:write",
  "DELETE /api/v1/registries/[name]": "registries:write",
  "POST /api/v1/registries/[name]/test": "registries:write",
  "GET /api/v1/registries/[name]/proxy": "team:read",
  "GET /api/v1/apps": "apps:list",
  "POST /api/v1/apps": "apps:write",
  [`GET ${A}`]: "team:read",
  [`GET ${A}/channels`]: "team:read",
  [`POST ${A}/channels`]: "releases:write",
  [`PATCH ${A}/channels/[name]`]: "releases:write",
  [`DELETE ${A}/channels/[name]`]: "releases:write",
  [`GET ${A}/channels/[name]/releases`]: "team:read",
  [`GET ${A}/customers`]: "team:read",
  [`POST ${A}/customers`]: "customers:write",
  [`GET ${A}/customers/[id]`]: "team:read",
  [`PATCH ${A}/customers/[id]`]: "customers:write",
  [`GET ${A}/customers/[id]/install.yaml`]: "team:read",
  [`GET ${A}/customers/[id]/license`]: "team:read",
  [`GET ${A}/customers/[id]/pulls`]: "team:read",
  [`POST ${A}/customers/[id]/rotate-license`]: "customers:write",
  [`GET ${A}/images`]: "team:read",
  [`GET ${A}/images/[...path]`]: "team:read",
  [`DELETE ${A}/images/[...path]`]: "registry:delete",
  [`GET ${A}/instructions`]: "team:read",
  [`GET ${A}/license-key`]: "team:read",
  [`POST ${A}/promotions/[id]/demote`]: "releases:write",
  [`GET ${A}/pulls`]: "team:read",
  [`GET ${A}/releases`]: "team:read",
  [`POST ${A}/releases`]: "releases:write",
  [`GET ${A}/releases/[sequence]`]: "team:read",
  [`POST ${A}/releases/[sequence]/promote`]: "releases:write",
  [`GET ${A}/releases/compare`]: "team:read",
  [`GET ${A}/releases/draft`]: "team:read",
  [`PUT ${A}/releases/draft`]: "releases:write",
  [`POST ${A}/releases/preview`]: "releases:write",
  // Airgap bundles (issue 11): developers build them, viewers may download them; customers use their license.
  [`GET ${A}/releases/[sequence]/airgap`]: "team:read",
  [`POST ${A}/releases/[sequence]/airgap`]: "releases:write",
  [`GET ${A}/releases/[sequence]/airgap/bundle`]: "team:read",
  "GET /api/v1/license/airgap/[sequence]": "public",
  // Garbage collection (issue 12): anyone may look; a developer may run a dry run; sweeping and the policy are an admin's.
  [`GET ${A}/gc`]: "team:read",
  [`POST ${A}/gc`]: { dryRun: "registry:delete", run: "storage:manage" },
  [`PUT ${A}/gc/policy`]: "storage:manage",
  // Storage quotas (issue 15): a team reads its own usage; only the instance administrator sees every team and sets quotas.
  "GET /api/v1/team/storage": "team:read",
  "GET /api/v1/admin/teams": "instance:admin",
  "PATCH /api/v1/admin/teams/[id]": "instance:admin",
};

/** The rule for a route with no row yet (see the header). */
export function fallbackRule(method: string): RouteRule {
  return method === "GET" || method === "HEAD" ? "team:read" : "members:manage";
}

interface CompiledPattern {
  key: string;
  method: string;
  segments: string[];
}

const COMPILED: CompiledPattern[] = Object.keys(ROUTE_PERMISSIONS).map((key) => {
  const [method, pattern] = key.split(" ") as [string, string];
  return { key, method, segments: pattern.split("/").filter(Boolean) };
});

/** Per segment: 0 literal, 1 dynamic, 2 catch-all; lower ranks first, as Next.js prefers static segments. */
function rankOf(pattern: string[], path: string[]): number[] | null {
  const ranks: number[] = [];
  for (let index = 0; index < pattern.length; index += 1) {
    const segment = pattern[index]!;
    if (segment.startsWith("[...")) return index < path.length ? [...ranks, 2] : null;
    if (index >= path.length) return null;
    if (segment.startsWith("[")) ranks.push(1);
    else if (segment === path[index]) ranks.push(0);
    else return null;
  }
  return pattern.length === path.length ? ranks : null;
}

/** The table's key for a request (method and URL path), or null when no row matches. */
export function findRouteKey(method: string, pathname: string): string | null {
  const path = pathname.split("/").filter(Boolean).map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  let best: { key: string; ranks: number[] } | null = null;
  for (const candidate of COMPILED) {
    if (candidate.method !== method) continue;
    const ranks = rankOf(candidate.segments, path);
    if (ranks && (!best || compareRanks(ranks, best.ranks) < 0)) best = { key: candidate.key, ranks };
  }
  return best?.key ?? null;
}

function compareRanks(a: number[], b: number[]): number {
  for (let index = 0; index < Math.min(a.length, b.length); index += 1) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return a.length - b.length;
}

/** The rule for a request: its row, or the fallback. */
export function ruleForRequest(method: string, pathname: string): RouteRule {
  const key = findRouteKey(method, pathname);
  return key ? ROUTE_PERMISSIONS[key]! : fallbackRule(method);
}
