/** Who is asking: a signed-in user, through the browser session or a personal access token. */
export interface Principal {
  userId: string;
  teamId: string;
  email: string;
  name: string;
  via: "session" | "password" | "token";
  /** The access token's name, when `via` is "token" (shown as "pushed by"). */
  tokenName?: string;
}

/** How a principal is named in audit fields such as "pushed by". */
export function describePrincipal(principal: Pick<Principal, "email" | "via" | "tokenName">): string {
  return principal.via === "token" && principal.tokenName ? `${principal.email} (token ${principal.tokenName})` : principal.email;
}
