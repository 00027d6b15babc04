/**
 * The one place that answers "may this principal do X to Y". Two questions, in order:
 * 1. Which team's records can it reach? Every team-owned record is reached through a
 *    `where` scoped to the principal's team, so another team's record reads as "not
 *    found", never "forbidden": nothing about it leaks.
 * 2. Within its team, does its role (lib/auth/roles.ts), narrowed by any scopes, allow
 *    the permission? If not: `forbidden`, naming the role or the missing scope.
 * The JSON API asks (2) once per request in lib/api/with-api.ts from the route table in
 * lib/auth/route-permissions.ts; pages ask it through requirePermission; the registry's
 * token endpoint asks grantRegistryActions, and the token carries the answer.
 */
import { prisma } from "@/lib/db/client";
import { forbidden, notFound } from "@/lib/errors";
import { parseProxyRepository } from "@/lib/releases/proxy-path";
import { findPrincipalByTokenId } from "./access-tokens";
import type { Principal } from "./principal";
import type { RegistryIdentity } from "./registry-credentials";
import { lowestRoleAllowing, PERMISSION_SCOPE, PERMISSIONS, readStoredScopes, roleAllows, SCOPE_ACTIONS, scopeActionsFor, type AppScope, type Permission, type Role, type ScopeAction } from "./roles";

/** `isInstanceAdmin` is loaded only where `instance:admin` is asked (withInstanceAdmin). */
type Authorised = Pick<Principal, "kind" | "role" | "scopes"> & { isInstanceAdmin?: boolean };

/**
 * Why the principal may not have `permission` (on the app `appSlug`, for app routes),
 * or null when it may. Scopes only narrow: the role must allow it too.
 */
export function explainDenial(principal: Authorised, permission: Permission, appSlug?: string): string | null {
  const needed = PERMISSION_SCOPE[permission];
  if (principal.kind === "service-account" && needed === null) {
    return `Service accounts may not do ${describePermission(permission)}: their scopes are ${SCOPE_ACTIONS.join(", ")} per application.`;
  }
  if (permission === "instance:admin") {
    if (!principal.isInstanceAdmin) return "Only the instance administrator (the first account created) may do this.";
    return principal.scopes === null ? null : `This token's scopes do not allow ${describePermission(permission)}: use a personal token without scopes.`;
  }
  if (!roleAllows(principal.role, permission)) return `Your role (${principal.role}) does not allow ${describePermission(permission)}.`;
  if (principal.scopes === null) return null;
  if (needed === null) return `This token's scopes do not allow ${describePermission(permission)}: use a personal token without scopes.`;
  if (needed === "any") return principal.scopes.length ? null : "This token has no scopes.";
  if (!appSlug) return `This token's scopes do not allow ${describePermission(permission)} outside an application.`;
  return scopeActionsFor(principal.scopes, appSlug).includes(needed) ? null : `This token lacks the scope "${needed}" on application "${appSlug}".`;
}

/** Throws `forbidden` unless the principal may have `permission` (see explainDenial). */
export function assertAllowed(principal: Authorised, permission: Permission, appSlug?: string): void {
  const denial = explainDenial(principal, permission, appSlug);
  if (denial) throw forbidden(denial);
}

/** The principal with whether it is the instance administrator (a person's stored flag), for `instance:admin`. */
export async function withInstanceAdmin<T extends Pick<Principal, "kind" | "userId">>(principal: T): Promise<T & { isInstanceAdmin: boolean }> {
  if (principal.kind !== "person") return { ...principal, isInstanceAdmin: false };
  const user = await prisma.user.findUnique({ where: { id: principal.userId }, select: { isInstanceAdmin: true, deletedAt: true } });
  return { ...principal, isInstanceAdmin: Boolean(user?.isInstanceAdmin && !user.deletedAt) };
}

/** assertAllowed, first loading the instance administrator flag when `permission` needs it. */
export async function assertPermission(principal: Principal, permission: Permission, appSlug?: string): Promise<void> {
  assertAllowed(permission === "instance:admin" ? await withInstanceAdmin(principal) : principal, permission, appSlug);
}

/** True when the principal may have `permission` (for showing or hiding actions). */
export function isAllowed(principal: Authorised, permission: Permission, appSlug?: string): boolean {
  return explainDenial(principal, permission, appSlug) === null;
}

/** Per permission: null when the principal has it, else why not and which role would (pages hide or disable what is denied). */
export type PermissionDenials = Record<Permission, string | null>;

/** The denials of every permission for the principal (on `appSlug`), for the browser: it shows, the API decides. */
export function describePermissions(principal: Authorised, appSlug?: string): PermissionDenials {
  const denials = {} as PermissionDenials;
  for (const permission of PERMISSIONS) {
    const denial = explainDenial(principal, permission, appSlug);
    const role = lowestRoleAllowing(permission);
    denials[permission] = denial && role && !roleAllows(principal.role, permission) ? `${denial} It needs the ${role} role or higher.` : denial;
  }
  return denials;
}

const PERMISSION_WORDS: Record<Permission, string> = {
  "team:read": "reading this team's data",
  "apps:list": "listing applications",
  "registry:pull": "pulling images",
  "registry:push": "pushing images",
  "registry:delete": "deleting images and tags",
  "apps:write": "creating or changing applications",
  "releases:write": "changing releases, drafts, channels and promotions",
  "customers:write": "changing customers and licenses",
  "registries:write": "changing external registries or using their secrets",
  "storage:manage": "running garbage collection or changing its policy",
  "members:manage": "managing members and invitations",
  "service-accounts:manage": "managing service accounts",
  "audit:read": "reading the audit log",
  "team:owners": "granting, changing or removing the owner role",
  "team:delete": "deleting the team",
  account: "account settings and personal tokens",
  "instance:admin": "administering the instance (every team's storage and quotas)",
};

function describePermission(permission: Permission): string {
  return PERMISSION_WORDS[permission];
}

/** The `where` clause for apps the principal may see: its team's, and for a scoped credential only the scoped ones. */
export function appsVisibleTo(principal: Pick<Principal, "teamId"> & Partial<Pick<Principal, "scopes">>) {
  if (principal.scopes) return { teamId: principal.teamId, slug: { in: principal.scopes.map((scope) => scope.app) } };
  return { teamId: principal.teamId };
}

/** The app with this slug if the principal's team owns it; otherwise `not_found`. */
export async function getAppForPrincipalOrThrow(principal: Pick<Principal, "teamId">, slug: string) {
  const app = await prisma.app.findFirst({ where: { slug, teamId: principal.teamId } });
  if (!app) throw notFound(`Application "${slug}"`);
  return app;
}

/** The `where` clause for external registries the principal may see and change. */
export function registriesVisibleTo(principal: Pick<Principal, "teamId">) {
  return { teamId: principal.teamId };
}

export type RegistryAction = "pull" | "push" | "delete";

const REGISTRY_PERMISSION: Record<RegistryAction, Permission> = { pull: "registry:pull", push: "registry:push", delete: "registry:delete" };

/** The registry actions a role with optional scopes allows on one app. */
function allowedRegistryActions(role: Role, scopes: AppScope[] | null, appSlug: string, wanted: RegistryAction[]): RegistryAction[] {
  const principal = { kind: "person" as const, role, scopes };
  return [...new Set(wanted)].filter((action) => explainDenial(principal, REGISTRY_PERMISSION[action], appSlug) === null);
}

/**
 * The subset of `requested` actions this identity may take on repository `<slug>/<path>`.
 * A person: what their role in the team owning the app allows (with a personal token,
 * only in the token's team and within its scopes); none for another team's or an
 * unknown app, so nothing is revealed. A service account: its scopes on apps of its
 * own team. A license: `pull` only, within its own application, decided from the
 * identity alone. The pull-through proxy's names (`proxy/<slug>/<host>/<path>`) belong
 * to the app they name and are read-only for everyone.
 */
export async function grantRegistryActions(identity: RegistryIdentity, repositoryName: string, requested: RegistryAction[]): Promise<RegistryAction[]> {
  const proxied = parseProxyRepository(repositoryName);
  const slug = proxied ? proxied.appSlug : repositoryName.split("/")[0];
  const wanted: RegistryAction[] = proxied ? requested.filter((action) => action === "pull") : requested;
  if (!slug || wanted.length === 0) return [];
  if (identity.kind === "license") return slug === identity.appSlug && wanted.includes("pull") ? ["pull"] : [];
  const app = await prisma.app.findUnique({ where: { slug }, select: { teamId: true } });
  if (!app || (identity.teamId && identity.teamId !== app.teamId)) return [];
  const scopes = identity.scopes ? readStoredScopes(identity.scopes) : null;
  if (identity.serviceAccountId) return allowedRegistryActions("developer", scopes ?? [], slug, wanted);
  const membership = await prisma.membership.findUnique({ where: { teamId_userId: { teamId: app.teamId, userId: identity.userId } }, select: { role: true } });
  return membership ? allowedRegistryActions(membership.role, scopes, slug, wanted) : [];
}

/**
 * Slugs of every app whose registry the registry token's subject may pull (for
 * `/v2/_catalog`): a person's id, or `token:<id>` for a token's (its one team, its scopes).
 */
export async function listPullableAppSlugs(subject: string): Promise<string[]> {
  if (subject.startsWith("token:")) {
    const principal = await findPrincipalByTokenId(subject.slice("token:".length));
    if (!principal) return [];
    const apps = await prisma.app.findMany({ where: appsVisibleTo(principal), select: { slug: true } });
    return apps.map((app) => app.slug).filter((slug) => isAllowed(principal, "registry:pull", slug));
  }
  const memberships = await prisma.membership.findMany({ where: { userId: subject }, select: { teamId: true, role: true } });
  const teamIds = memberships.filter((membership) => roleAllows(membership.role, "registry:pull")).map((membership) => membership.teamId);
  const apps = await prisma.app.findMany({ where: { teamId: { in: teamIds } }, select: { slug: true } });
  return apps.map((app) => app.slug);
}

export type { ScopeAction };
