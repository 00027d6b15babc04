import { parseJsonBody } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { changePassword, changePasswordSchema } from "@/lib/auth/account";

export const dynamic = "force-dynamic";

// POST /api/v1/account/password: {currentPassword, newPassword}; every session ends (sign in again).
export const POST = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, changePasswordSchema);
  await changePassword(principal.userId, input.currentPassword, input.newPassword);
  return new Response(null, { status: 204 });
});
