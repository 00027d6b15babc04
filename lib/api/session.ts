/** The signed-in principal for server components and pages (reads the session cookie). */
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import type { Principal } from "@/lib/auth/principal";
import { principalFromSessionToken, SESSION_COOKIE_NAMES } from "@/lib/auth/session-token";
import { isAppError } from "@/lib/errors";

export async function getSessionPrincipal(): Promise<Principal | null> {
  const store = await cookies();
  for (const name of SESSION_COOKIE_NAMES) {
    const principal = await principalFromSessionToken(store.get(name)?.value);
    if (principal) return principal;
  }
  return null;
}

/** The principal, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requirePrincipal(returnTo = "/apps"): Promise<Principal> {
  const principal = await getSessionPrincipal();
  if (!principal) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  return principal;
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
