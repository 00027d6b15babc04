/**
 * The one place that answers "may this principal do X to Y". Every team-owned record
 * is reached through a `where` scoped to the principal's team, so another team's
 * record reads as "not found", never "forbidden": nothing about it leaks.
 */
import { prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { parseProxyRepository } from "@/lib/releases/proxy-path";
import type { Principal } from "./principal";
import type { RegistryIdentity } from "./registry-credentials";

/** The `where` clause for apps the principal may see and change (members of the owning team). */
export function appsVisibleTo(principal: Pick<Principal, "teamId">) {
  return { teamId: principal.teamId };
}

/** The app with this slug if the principal's team owns it; otherwise `not_found`. */
export async function getAppForPrincipalOrThrow(principal: Pick<Principal, "teamId">, slug: string) {
  const app = await prisma.app.findFirst({ where: { slug, ...appsVisibleTo(principal) } });
  if (!app) throw notFound(`Application "${slug}"`);
  return app;
}

/** The `where` clause for external registries the principal may see and change. */
export function registriesVisibleTo(principal: Pick<Principal, "teamId">) {
  return { teamId: principal.teamId };
}

export type RegistryAction = "pull" | "push" | "delete";

/**
 * The subset of `requested` actions this identity may take on repository `<slug>/<path>`.
 * A user: all of them for members of the team that owns the app named by the first
 * segment, none otherwise (also when no such app exists, so nothing is revealed). A
 * license: `pull` only, and only within its own application, decided from the identity
 * alone so another application's repository reads exactly like one that does not exist.
 * The pull-through proxy's names (`proxy/<slug>/<host>/<path>`) belong to the app they
 * name and are read-only for everyone: `pull` to its team and its licenses, never more.
 */
export async function grantRegistryActions(identity: RegistryIdentity, repositoryName: string, requested: RegistryAction[]): Promise<RegistryAction[]> {
  const proxied = parseProxyRepository(repositoryName);
  const slug = proxied ? proxied.appSlug : repositoryName.split("/")[0];
  const wanted: RegistryAction[] = proxied ? requested.filter((action) => action === "pull") : requested;
  if (!slug || wanted.length === 0) return [];
  if (identity.kind === "license") return slug === identity.appSlug && wanted.includes("pull") ? ["pull"] : [];
  const app = await prisma.app.findFirst({ where: { slug, team: { users: { some: { id: identity.userId } } } }, select: { id: true } });
  return app ? [...new Set(wanted)] : [];
}

/** Slugs of every app whose registry the user may pull from (for `/v2/_catalog`). */
export async function listPullableAppSlugs(userId: string): Promise<string[]> {
  const apps = await prisma.app.findMany({ where: { team: { users: { some: { id: userId } } } }, select: { slug: true } });
  return apps.map((app) => app.slug);
}
