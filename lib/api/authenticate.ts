/**
 * Who is calling the JSON API: an access token (`Authorization: Bearer`) or the
 * browser's session cookie (in the session's current team, the `slipway-team` cookie).
 * A presented but invalid token is refused outright rather than falling back to the
 * cookie, and recorded in the audit log (at most once a minute per address).
 */
import { findPrincipalByToken } from "@/lib/auth/access-tokens";
import type { Principal } from "@/lib/auth/principal";
import { recordRejectedToken } from "@/lib/auth/sign-in-audit";
import { principalFromSessionToken, SESSION_COOKIE_NAMES, TEAM_COOKIE_NAME } from "@/lib/auth/session-token";
import { unauthorized } from "@/lib/errors";
import { readClientAddress } from "./client-address";

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The principal behind the request, or null when it carries no credentials. */
export async function authenticateRequest(request: Request): Promise<Principal | null> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthorized("Send a personal access token as `Authorization: Bearer <token>`.");
    const principal = await findPrincipalByToken(match[1]);
    if (!principal) await recordRejectedToken({ token: match[1], clientAddress: readClientAddress(request), via: "api" });
    if (!principal) throw unauthorized("The access token is invalid or was revoked. It may have expired, or its holder lost access: create a new one on the Tokens page.");
    return principal;
  }
  const cookieHeader = request.headers.get("cookie");
  const teamId = readCookie(cookieHeader, TEAM_COOKIE_NAME);
  for (const name of SESSION_COOKIE_NAMES) {
    const principal = await principalFromSessionToken(readCookie(cookieHeader, name), teamId);
    if (principal) return principal;
  }
  return null;
}
