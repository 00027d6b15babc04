/**
 * The registry token endpoint's view of HTTP Basic credentials: the account password
 * or a personal access token, throttled like every sign-in.
 */
import { verifyCredentials } from "./credentials";

export interface RegistryCredentialResult {
  userId: string;
  email: string;
  via: "password" | "token";
  tokenName?: string;
}

/** The user behind `email` + password-or-token, or null when they are wrong. */
export async function authenticateRegistryBasic(email: string, secret: string): Promise<RegistryCredentialResult | null> {
  const principal = await verifyCredentials(email, secret);
  if (!principal || principal.via === "session") return null;
  return { userId: principal.userId, email: principal.email, via: principal.via, tokenName: principal.tokenName };
}
