/** The signed-in principal for server components and pages (reads the session cookie). */
import { cookies, headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { explainDenial } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/requested-path";
import type { Permission } from "@/lib/auth/roles";
import { personFromSessionToken, principalFromSessionToken, SESSION_COOKIE_NAMES, TEAM_COOKIE_NAME, type SessionPerson } from "@/lib/auth/session-token";
import { isAppError } from "@/lib/errors";

/** The signed-in principal in the session's current team (the `slipway-team` cookie, else the person's first team). */
export async function getSessionPrincipal(): Promise<Principal | null> {
  const store = await cookies();
  const teamId = store.get(TEAM_COOKIE_NAME)?.value;
  for (const name of SESSION_COOKIE_NAMES) {
    const principal = await principalFromSessionToken(store.get(name)?.value, teamId);
    if (principal) return principal;
  }
  return null;
}

/** The signed-in person whether or not they belong to a team (account pages, invitations). */
export async function getSessionPerson(): Promise<SessionPerson | null> {
  const store = await cookies();
  for (const name of SESSION_COOKIE_NAMES) {
    const person = await personFromSessionToken(store.get(name)?.value);
    if (person) return person;
  }
  return null;
}

/** The principal, provided its role allows `permission` (lib/auth/access.ts); otherwise the forbidden page. */
export async function requirePermission(permission: Permission, returnTo: string): Promise<Principal> {
  const principal = await requirePrincipal(returnTo);
  if (explainDenial(principal, permission)) forbidden();
  return principal;
}

/**
 * The principal, or a redirect to the sign-in page that comes back to the page requested
 * (path and query, from proxy.ts), else to `returnTo`.
 */
export async function requirePrincipal(returnTo = "/apps"): Promise<Principal> {
  const principal = await getSessionPrincipal();
  if (principal) return principal;
  // Signed in but in no team (the last one removed them): somewhere to create or join one.
  if (await getSessionPerson()) redirect("/no-team");
  const requested = (await headers()).get(REQUESTED_PATH_HEADER);
  redirect(`/sign-in?callbackUrl=${encodeURIComponent(requested || returnTo)}`);
}

/** Runs a lib call for a page, turning `not_found` into the 404 page. */
export async function loadOrNotFound<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
}
