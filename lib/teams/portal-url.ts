/** The portal's public origin for links in invitations and password resets: NEXTAUTH_URL when set, else the request's origin. */
export function resolvePortalUrl(requestUrl: string, env: Record<string, string | undefined> = process.env): string {
  const configured = env.NEXTAUTH_URL?.trim();
  return (configured || new URL(requestUrl).origin).replace(/\/+$/, "");
}
