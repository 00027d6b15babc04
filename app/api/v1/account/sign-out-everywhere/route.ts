import { ACCOUNT_ROUTES } from "@/lib/api/openapi/accounts";
import { withApi } from "@/lib/api/with-api";
import { signOutEverywhere } from "@/lib/auth/account";

export const dynamic = "force-dynamic";

// POST /api/v1/account/sign-out-everywhere: ends every browser session of the caller (tokens are unaffected).
export const POST = withApi(ACCOUNT_ROUTES.signOutEverywhere, async ({ principal }) => {
  await signOutEverywhere(principal.userId);
  return new Response(null, { status: 204 });
});
