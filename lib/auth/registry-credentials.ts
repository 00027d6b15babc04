/**
 * The registry token endpoint's view of HTTP Basic credentials: the account password
 * (throttled per client address and e-mail like every password) or a personal access
 * token, a service
 * account's username and token, or a customer's license ID (throttled per client
 * address).
 *
 * Which one is meant: a secret shaped like a license ID is looked up first, and a match
 * signs in as that license whatever the username (customers type the ID as both, or put
 * anything as the username). Without a match, an e-mail username goes on to the person
 * path (a password may happen to have that shape); a token with any other username is a
 * service account's; anything else is a failed license attempt.
 */
import { authenticateLicense } from "@/lib/customers/license-auth";
import { looksLikeLicenseId } from "@/lib/customers/license-id";
import type { RegistryIdentity, RegistryLicenseIdentity, RegistryUserIdentity } from "@/lib/registry/http/context";
import { findPrincipalByToken } from "./access-tokens";
import { verifyCredentials } from "./credentials";
import type { Principal } from "./principal";
import { recordFailedSignIn } from "./sign-in-audit";
import { looksLikeToken } from "./token-secret";

// The identity shapes are the registry's (it is handed them); this module decides which one credentials are.
export type { RegistryIdentity, RegistryLicenseIdentity, RegistryUserIdentity };

/** Where the credentials came from; license failures are counted per address. */
export interface RegistryCredentialRequest {
  clientAddress: string;
}

/**
 * The person, service account or license behind a Basic username and secret, or null
 * when they are wrong. Throws `unauthorized` for a revoked or expired license and
 * `rate_limited` while locked.
 */
export async function authenticateRegistryBasic(
  username: string,
  secret: string,
  request: RegistryCredentialRequest = { clientAddress: "unknown" },
): Promise<RegistryIdentity | null> {
  const identity = await identifyRegistryBasic(username, secret, request);
  // Failures go to the audit log, rate-limited (lib/auth/sign-in-audit.ts); the secret never does.
  if (!identity) await recordFailedSignIn({ username, clientAddress: request.clientAddress, reason: "wrong password, token or license ID", via: "registry" });
  return identity;
}

async function identifyRegistryBasic(username: string, secret: string, request: RegistryCredentialRequest): Promise<RegistryIdentity | null> {
  const mayBeUser = username.includes("@");
  if (looksLikeLicenseId(secret)) {
    const holder = await authenticateLicense(secret, request.clientAddress, { countUnknown: !mayBeUser });
    if (holder) return { kind: "license", ...holder };
    if (!mayBeUser) return null;
  }
  if (!mayBeUser && looksLikeToken(secret)) {
    const principal = await findPrincipalByToken(secret);
    return principal?.kind === "service-account" && principal.email === username ? toIdentity(principal) : null;
  }
  const principal = await verifyCredentials(username, secret, { clientAddress: request.clientAddress });
  if (!principal || principal.via === "session") return null;
  return toIdentity(principal);
}

/** The registry's identity for a principal; a password acts in every team of the person, a token in its own. */
export function toIdentity(principal: Principal): RegistryUserIdentity {
  const identity: RegistryUserIdentity = { kind: "user", userId: principal.userId, email: principal.email, via: principal.via === "token" ? "token" : "password" };
  if (principal.via !== "token") return identity;
  return {
    ...identity,
    tokenName: principal.tokenName,
    tokenId: principal.tokenId,
    tokenExpiresAt: principal.tokenExpiresAt ?? null,
    teamId: principal.teamId,
    scopes: principal.scopes,
    serviceAccountId: principal.serviceAccountId,
  };
}
