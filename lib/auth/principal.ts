/**
 * Who is asking. A request acts for exactly one principal: a person (browser session,
 * password or personal access token) in one team with one role, or a service account
 * of one team. Licenses are the registry's third kind (lib/registry/http/context.ts).
 */
import type { AppScope, Role } from "./roles";

export type PrincipalKind = "person" | "service-account";

export interface Principal {
  kind: PrincipalKind;
  /**
   * The person; for a service account, the person who created it (rows that must name a
   * person, such as a release's author, name them; the audit log names the account).
   */
  userId: string;
  /** The team this request acts in: the session's current team, or the token's team. */
  teamId: string;
  role: Role;
  /** Per-application scopes that narrow the role; null: the whole role. */
  scopes: AppScope[] | null;
  /** The person's e-mail, or the service account's registry username. */
  email: string;
  name: string;
  via: "session" | "password" | "token";
  /** The access token's name, when `via` is "token" (shown as "pushed by"). */
  tokenName?: string;
  tokenId?: string;
  /** When the token (or its service account) expires, if ever. */
  tokenExpiresAt?: Date | null;
  serviceAccountId?: string;
}

/** How a principal is named in fields such as "pushed by". */
export function describePrincipal(principal: Pick<Principal, "email" | "via" | "tokenName" | "kind">): string {
  if (principal.kind === "service-account") return `service account ${principal.email}`;
  return principal.via === "token" && principal.tokenName ? `${principal.email} (token ${principal.tokenName})` : principal.email;
}
