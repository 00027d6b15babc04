/**
 * The session and application look-ups of one page request, each resolved once: a layout
 * and the page under it (and any component that asks again) share the answer through
 * React `cache`, which lives as long as one server render. Pages import these instead of
 * lib/api/session so the session cookie is decoded, and the app row read, a single time.
 */
import { cache } from "react";
import { explainDenial } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import type { Permission } from "@/lib/auth/roles";
import * as session from "@/lib/api/session";
import { getApp } from "@/lib/apps/apps";
import { forbidden } from "next/navigation";

export { loadOrNotFound } from "@/lib/api/session";

/** The signed-in principal in the session's current team, or null; once per request. */
export const getSessionPrincipal = cache(session.getSessionPrincipal);

/** The signed-in person, team or not; once per request. */
export const getSessionPerson = cache(session.getSessionPerson);

/** The principal, or the sign-in redirect (see lib/api/session); the look-up is the cached one. */
export async function requirePrincipal(returnTo = "/apps"): Promise<Principal> {
  return (await getSessionPrincipal()) ?? session.requirePrincipal(returnTo);
}

/** The principal, provided its role allows `permission`; otherwise the forbidden page. */
export async function requirePermission(permission: Permission, returnTo: string): Promise<Principal> {
  const principal = await requirePrincipal(returnTo);
  if (explainDenial(principal, permission)) forbidden();
  return principal;
}

/** One application of the principal's team (not_found for any other), read once per request and slug. */
export const getAppOnce = cache((principal: Principal, slug: string) => getApp(principal, slug));
