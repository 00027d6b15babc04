/** The portal's public origin for links in invitations and password resets: NEXTAUTH_URL when set, else the request's origin. */
import { getConfig } from "@/lib/config";

export function resolvePortalUrl(requestUrl: string, env: { NEXTAUTH_URL?: string } = getConfig()): string {
  const configured = env.NEXTAUTH_URL?.trim();
  return (configured || new URL(requestUrl).origin).replace(/\/+$/, "");
}
