/**
 * The registry token endpoint's view of HTTP Basic credentials: the account password or
 * a personal access token (throttled per e-mail like every sign-in), or a customer's
 * license ID (throttled per client address).
 *
 * Which one is meant: a secret shaped like a license ID is looked up first, and a match
 * signs in as that license whatever the username (customers type the ID as both, or put
 * anything as the username). Without a match, an e-mail username goes on to the user
 * path (a password may happen to have that shape); anything else is a failed license
 * attempt.
 */
import { authenticateLicense } from "@/lib/customers/license-auth";
import { looksLikeLicenseId } from "@/lib/customers/license-id";
import type { RegistryIdentity, RegistryLicenseIdentity, RegistryUserIdentity } from "@/lib/registry/http/context";
import { verifyCredentials } from "./credentials";

// The identity shapes are the registry's (it is handed them); this module decides which one credentials are.
export type { RegistryIdentity, RegistryLicenseIdentity, RegistryUserIdentity };

/** Where the credentials came from; license failures are counted per address. */
export interface RegistryCredentialRequest {
  clientAddress: string;
}

/**
 * The user or license behind a Basic username and secret, or null when they are wrong.
 * Throws `unauthorized` for a revoked or expired license and `rate_limited` while locked.
 */
export async function authenticateRegistryBasic(
  username: string,
  secret: string,
  request: RegistryCredentialRequest = { clientAddress: "unknown" },
): Promise<RegistryIdentity | null> {
  if (looksLikeLicenseId(secret)) {
    const mayBeUser = username.includes("@");
    const holder = await authenticateLicense(secret, request.clientAddress, { countUnknown: !mayBeUser });
    if (holder) return { kind: "license", ...holder };
    if (!mayBeUser) return null;
  }
  const principal = await verifyCredentials(username, secret);
  if (!principal || principal.via === "session") return null;
  return { kind: "user", userId: principal.userId, email: principal.email, via: principal.via, tokenName: principal.tokenName };
}
