/**
 * Checks an e-mail and a secret (the account password or a personal access token), as
 * the sign-in form, `POST /api/v1/tokens` and the registry's token endpoint need.
 * Failures are throttled per e-mail.
 */
import { prisma } from "@/lib/db/client";
import { burnPasswordCheck, verifyPassword } from "./password";
import type { Principal } from "./principal";
import { assertSignInAllowed, clearSignInFailures, recordSignInFailure } from "./sign-in-throttle";
import { findPrincipalByToken } from "./access-tokens";
import { looksLikeToken } from "./token-secret";

/**
 * The principal for these credentials, or null when they are wrong. Throws
 * `rate_limited` while the e-mail is locked after repeated failures.
 * `allowToken: false` accepts only the password (the browser sign-in form).
 */
export async function verifyCredentials(
  email: string,
  secret: string,
  options: { allowToken?: boolean } = {},
): Promise<Principal | null> {
  const normalised = email.trim().toLowerCase();
  await assertSignInAllowed(normalised);
  const principal = await checkSecret(normalised, secret, options.allowToken ?? true);
  if (principal) {
    await clearSignInFailures(normalised);
    return principal;
  }
  await recordSignInFailure(normalised);
  return null;
}

async function checkSecret(email: string, secret: string, allowToken: boolean): Promise<Principal | null> {
  if (allowToken && looksLikeToken(secret)) {
    const principal = await findPrincipalByToken(secret);
    return principal && principal.email === email ? principal : null;
  }
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user) {
    await burnPasswordCheck(secret);
    return null;
  }
  if (!(await verifyPassword(user.passwordHash, secret))) return null;
  return { userId: user.id, teamId: user.teamId, email: user.email, name: user.name, via: "password" };
}
