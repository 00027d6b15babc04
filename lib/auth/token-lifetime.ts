/**
 * A token cannot mint a token that outlives it: otherwise a short-lived or soon-expiring
 * credential (a CI job's, a leaked one) could extend itself forever by creating a new
 * one. Applies to personal tokens and service accounts created with a bearer token.
 */
import { invalidInput } from "@/lib/errors";
import type { Principal } from "./principal";

type Creator = Pick<Principal, "via" | "tokenExpiresAt">;

/**
 * The expiry a new token may have when `creator` makes it: what was asked for, no later
 * than the creating token's own expiry (which is also the default when none was asked).
 * Throws `invalid_input` naming that limit when the request asks for later.
 */
export function limitExpiryToCreator(creator: Creator, requested: Date | null | undefined): Date | null {
  const limit = creator.via === "token" ? (creator.tokenExpiresAt ?? null) : null;
  if (!limit) return requested ?? null;
  if (!requested) return limit;
  if (requested.getTime() > limit.getTime()) {
    throw invalidInput("expiresAt", `must not be later than the expiry of the token making this request (${limit.toISOString()})`);
  }
  return requested;
}
