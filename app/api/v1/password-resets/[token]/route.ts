import { ACCOUNT_ROUTES } from "@/lib/api/openapi/accounts";
import { withApi } from "@/lib/api/with-api";
import { usePasswordReset } from "@/lib/auth/password-resets";

export const dynamic = "force-dynamic";

// POST /api/v1/password-resets/{token}: sets a new password {password} with a one-time reset link; every session ends.
export const POST = withApi(ACCOUNT_ROUTES.usePasswordReset, async ({ params, body }) => {
  await usePasswordReset(params.token, body.password);
  return new Response(null, { status: 204 });
});
