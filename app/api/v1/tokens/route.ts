import { listAccessTokens } from "@/lib/auth/access-tokens";
import { assertAllowed } from "@/lib/auth/access";
import { createPersonalToken } from "@/lib/auth/create-personal-token";
import { verifyCredentials } from "@/lib/auth/credentials";
import { recordFailedSignIn } from "@/lib/auth/sign-in-audit";
import { createTokenSchema } from "@/lib/auth/token-input";
import { parseBasicAuth } from "@/lib/api/basic-auth";
import { authenticateRequest } from "@/lib/api/authenticate";
import { readClientAddress } from "@/lib/api/client-address";
import { assertNotForged } from "@/lib/api/csrf";
import { parseJsonBody } from "@/lib/api/parse";
import { ACCOUNT_ROUTES } from "@/lib/api/openapi/accounts";
import { json, withApi } from "@/lib/api/with-api";
import { unauthorized } from "@/lib/errors";

export const dynamic = "force-dynamic";

// POST /api/v1/tokens: create a personal access token {name, team?, expiresAt?, scopes?}, authenticated by HTTP
// Basic (e-mail and password; default team: the person's first) for scripts, or by the session/token (default: its team).
// The body is read after the credentials are checked (the contract documents createTokenSchema, which validates it here).
export const POST = withApi(ACCOUNT_ROUTES.createToken, async ({ request }) => {
  const basic = parseBasicAuth(request.headers.get("authorization"));
  const principal = basic
    ? await verifyCredentials(basic.username, basic.password, { allowToken: false, clientAddress: readClientAddress(request) })
    : await authenticateRequest(request);
  if (!principal && basic) await recordFailedSignIn({ username: basic.username, clientAddress: readClientAddress(request), reason: "wrong password", via: "api" });
  if (!principal) throw unauthorized(basic ? "Wrong e-mail or password." : "Send your e-mail and password with HTTP Basic authentication.");
  // A public route authenticates itself, so it applies the session cookie's CSRF rule itself.
  if (principal.via === "session") assertNotForged(request, { requireJson: true });
  assertAllowed(principal, "account");
  const input = await parseJsonBody(request, createTokenSchema);
  const { token, record } = await createPersonalToken(principal.userId, input, basic ? undefined : principal.teamId, principal);
  return json({ token, ...record }, 201);
});

// GET /api/v1/tokens: the caller's tokens in every team, with creation, last use and expiry (never their secrets).
export const GET = withApi(ACCOUNT_ROUTES.listTokens, async ({ principal }) => json({ tokens: await listAccessTokens(principal.userId) }));
