import { createAccessToken, listAccessTokens } from "@/lib/auth/access-tokens";
import { verifyCredentials } from "@/lib/auth/credentials";
import { createTokenSchema } from "@/lib/auth/token-input";
import { parseBasicAuth } from "@/lib/api/basic-auth";
import { authenticateRequest } from "@/lib/api/authenticate";
import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { unauthorized } from "@/lib/errors";

export const dynamic = "force-dynamic";

// POST /api/v1/tokens: create a personal access token, authenticated by HTTP Basic
// (e-mail and password) for scripts, or by the session/token; the secret is shown once.
export const POST = withApi(
  async ({ request }) => {
    const basic = parseBasicAuth(request.headers.get("authorization"));
    const principal = basic
      ? await verifyCredentials(basic.username, basic.password, { allowToken: false })
      : await authenticateRequest(request);
    if (!principal) throw unauthorized(basic ? "Wrong e-mail or password." : "Send your e-mail and password with HTTP Basic authentication.");
    const input = await parseJsonBody(request, createTokenSchema);
    const { token, record } = await createAccessToken(principal.userId, input.name);
    return json({ token, ...record }, 201);
  },
  { auth: "none" },
);

// GET /api/v1/tokens: the caller's tokens (never their secrets).
export const GET = withApi(async ({ principal }) => json({ tokens: await listAccessTokens(principal.userId) }));
