/**
 * The one table of roles and scopes. A person has one role per team; a token or a
 * service account may also carry scopes per application, which narrow (never widen)
 * what the role allows. Every "may this principal do X" in lib/auth/access.ts is read
 * from here, and the README's matrix is this table in words.
 *
 *   permission              viewer developer admin owner   scope a scoped token needs
 *   team:read                  x      x       x     x       pull (on the route's app)
 *   apps:list                  x      x       x     x       any scope (the list is filtered)
 *   registry:pull              x      x       x     x       pull
 *   registry:push                     x       x     x       push
 *   registry:delete                   x       x     x       delete
 *   apps:write                        x       x     x       -
 *   releases:write                    x       x     x       releases:write
 *   customers:write                   x       x     x       -
 *   registries:write                          x     x       -
 *   storage:manage                            x     x       -   (garbage collection runs and policy)
 *   members:manage                            x     x       -
 *   service-accounts:manage                   x     x       -
 *   audit:read                                x     x       -
 *   team:owners                                     x       -   (grant, change or remove `owner`)
 *   team:delete                                     x       -
 *   account                    x      x       x     x       -   (own tokens, password, 2FA: people only)
 *   instance:admin             (no role: the instance administrator, the first account created; every team's storage and quotas)
 */
import { z } from "zod";

export const ROLES = ["owner", "admin", "developer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "team:read",
  "apps:list",
  "registry:pull",
  "registry:push",
  "registry:delete",
  "apps:write",
  "releases:write",
  "customers:write",
  "registries:write",
  "storage:manage",
  "members:manage",
  "service-accounts:manage",
  "audit:read",
  "team:owners",
  "team:delete",
  "account",
  "instance:admin",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const VIEWER: Permission[] = ["team:read", "apps:list", "registry:pull", "account"];
const DEVELOPER: Permission[] = [...VIEWER, "registry:push", "registry:delete", "apps:write", "releases:write", "customers:write"];
const ADMIN: Permission[] = [...DEVELOPER, "registries:write", "storage:manage", "members:manage", "service-accounts:manage", "audit:read"];
const OWNER: Permission[] = [...ADMIN, "team:owners", "team:delete"];

export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = { viewer: VIEWER, developer: DEVELOPER, admin: ADMIN, owner: OWNER };

/** What each role is for, in one line (the members page and the README). */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  owner: "everything, including members, ownership and deleting the team",
  admin: "everything except ownership",
  developer: "push, releases and customers; no external-registry secrets and no members",
  viewer: "read and pull only",
};

/** The actions a scope may grant on one application (service accounts and scoped tokens). */
export const SCOPE_ACTIONS = ["pull", "push", "delete", "releases:write"] as const;
export type ScopeAction = (typeof SCOPE_ACTIONS)[number];

export interface AppScope {
  app: string;
  actions: ScopeAction[];
}

/** The scope a scoped credential needs for a permission; null: scoped credentials may never have it. */
export const PERMISSION_SCOPE: Readonly<Record<Permission, ScopeAction | "any" | null>> = {
  "team:read": "pull",
  "apps:list": "any",
  "registry:pull": "pull",
  "registry:push": "push",
  "registry:delete": "delete",
  "apps:write": null,
  "releases:write": "releases:write",
  "customers:write": null,
  "registries:write": null,
  "storage:manage": null,
  "members:manage": null,
  "service-accounts:manage": null,
  "audit:read": null,
  "team:owners": null,
  "team:delete": null,
  account: null,
  "instance:admin": null,
};

/** True when the role allows the permission (scopes aside). */
export function roleAllows(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** The lowest role that has the permission (viewer first), or null when none does. */
export function lowestRoleAllowing(permission: Permission): Role | null {
  return [...ROLES].reverse().find((role) => roleAllows(role, permission)) ?? null;
}

/** True when `role` ranks at least as high as `other` (owner > admin > developer > viewer). */
export function isRoleAtLeast(role: Role, other: Role): boolean {
  return ROLES.indexOf(role) <= ROLES.indexOf(other);
}

export const roleSchema = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });

export const appScopesSchema = z
  .array(
    z.object({
      app: z.string().trim().min(1, "name an application by its slug"),
      actions: z.array(z.enum(SCOPE_ACTIONS, { error: `each action must be one of ${SCOPE_ACTIONS.join(", ")}` })).min(1, "give at least one action"),
    }),
  )
  .max(100, "at most 100 applications")
  .transform(mergeScopes);

/** One entry per application, actions deduplicated in table order. */
export function mergeScopes(scopes: readonly AppScope[]): AppScope[] {
  const byApp = new Map<string, Set<ScopeAction>>();
  for (const scope of scopes) {
    const actions = byApp.get(scope.app) ?? new Set<ScopeAction>();
    for (const action of scope.actions) actions.add(action);
    byApp.set(scope.app, actions);
  }
  return [...byApp].map(([app, actions]) => ({ app, actions: SCOPE_ACTIONS.filter((action) => actions.has(action)) }));
}

/** Reads scopes stored as JSON; anything malformed grants nothing. */
export function readStoredScopes(value: unknown): AppScope[] {
  const parsed = appScopesSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** The actions a list of scopes grants on one application. */
export function scopeActionsFor(scopes: readonly AppScope[], appSlug: string): ScopeAction[] {
  return scopes.find((scope) => scope.app === appSlug)?.actions ?? [];
}
