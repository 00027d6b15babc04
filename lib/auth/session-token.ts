/**
 * Browser sessions are next-auth JWTs in a cookie. This turns one back into a
 * principal, re-reading the person so a deleted account's old cookie stops working,
 * and comparing the JWT's session version with the person's, so "sign out everywhere"
 * and a password change end every older session. The current team is a second cookie
 * the person sets by switching teams; it is honoured only while they are a member.
 */
import { decode } from "next-auth/jwt";
import { loadServerSecrets } from "@/lib/config/secrets";
import { prisma } from "@/lib/db/client";
import { buildPersonPrincipal, isUuid } from "@/lib/teams/memberships";
import type { Principal } from "./principal";

/** next-auth's cookie names: the `__Secure-` one is used when the portal is served over HTTPS. */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** The cookie holding the id of the session's current team. */
export const TEAM_COOKIE_NAME = "slipway-team";

export interface SessionPerson {
  id: string;
  email: string;
  name: string;
}

/** The signed-in person for a session cookie value, or null when it is invalid, expired or signed out everywhere. */
export async function personFromSessionToken(sessionToken: string | undefined): Promise<SessionPerson | null> {
  if (!sessionToken) return null;
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token: sessionToken, secret: loadServerSecrets().nextAuthSecret });
  } catch {
    return null;
  }
  if (!payload?.sub || !isUuid(payload.sub)) return null;
  const user = await prisma.user.findUnique({ where: { id: payload.sub }, select: { id: true, email: true, name: true, sessionVersion: true, deletedAt: true } });
  if (!user || user.deletedAt) return null;
  const version = typeof payload.sv === "number" ? payload.sv : 0;
  if (version !== user.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name };
}

/** The principal for a session cookie value in the current team (`teamId`, else the person's first team), or null. */
export async function principalFromSessionToken(sessionToken: string | undefined, teamId?: string | null): Promise<Principal | null> {
  const person = await personFromSessionToken(sessionToken);
  return person ? buildPersonPrincipal(person, "session", teamId) : null;
}
