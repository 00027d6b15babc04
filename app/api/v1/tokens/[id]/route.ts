import { revokeAccessToken } from "@/lib/auth/access-tokens";
import { ACCOUNT_ROUTES } from "@/lib/api/openapi/accounts";
import { withApi } from "@/lib/api/with-api";
import { notFound } from "@/lib/errors";

export const dynamic = "force-dynamic";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// DELETE /api/v1/tokens/{id}: revoke one of the caller's tokens.
export const DELETE = withApi(ACCOUNT_ROUTES.revokeToken, async ({ principal, params }) => {
  if (!UUID.test(params.id)) throw notFound("Token");
  await revokeAccessToken(principal.userId, params.id);
  return new Response(null, { status: 204 });
});
