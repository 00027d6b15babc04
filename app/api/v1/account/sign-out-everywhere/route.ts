import { withApi } from "@/lib/api/with-api";
import { signOutEverywhere } from "@/lib/auth/account";

export const dynamic = "force-dynamic";

// POST /api/v1/account/sign-out-everywhere: ends every browser session of the caller (tokens are unaffected).
export const POST = withApi(async ({ principal }) => {
  await signOutEverywhere(principal.userId);
  return new Response(null, { status: 204 });
});
