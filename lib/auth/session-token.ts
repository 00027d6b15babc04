/**
 * Browser sessions are next-auth JWTs in a cookie. This turns one back into a
 * principal, re-reading the user so a deleted user's old cookie stops working.
 */
import { decode } from "next-auth/jwt";
import { loadServerSecrets } from "@/lib/config/secrets";
import { prisma } from "@/lib/db/client";
import type { Principal } from "./principal";

/** next-auth's cookie names: the `__Secure-` one is used when the portal is served over HTTPS. */
export const SESSION_COOKIE_NAMES = ["__Secure-next-auth.session-token", "next-auth.session-token"] as const;

/** The principal for a session cookie value, or null when it is invalid or expired. */
export async function principalFromSessionToken(sessionToken: string | undefined): Promise<Principal | null> {
  if (!sessionToken) return null;
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token: sessionToken, secret: loadServerSecrets().nextAuthSecret });
  } catch {
    return null;
  }
  if (!payload?.sub) return null;
  const user = await prisma.user.findUnique({ where: { id: payload.sub } });
  if (!user) return null;
  return { userId: user.id, teamId: user.teamId, email: user.email, name: user.name, via: "session" };
}
