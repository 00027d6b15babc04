import { ACCOUNT_ROUTES } from "@/lib/api/openapi/accounts";
import { withApi } from "@/lib/api/with-api";
import { changePassword } from "@/lib/auth/account";

export const dynamic = "force-dynamic";

// POST /api/v1/account/password: {currentPassword, newPassword}; every session ends (sign in again).
export const POST = withApi(ACCOUNT_ROUTES.changePassword, async ({ principal, body }) => {
  await changePassword(principal.userId, body.currentPassword, body.newPassword);
  return new Response(null, { status: 204 });
});
