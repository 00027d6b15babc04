import { ACCOUNT_ROUTES } from "@/lib/api/openapi/accounts";
import { json, withApi } from "@/lib/api/with-api";
import { requestPasswordReset } from "@/lib/auth/password-resets";
import { resolvePortalUrl } from "@/lib/teams/portal-url";

export const dynamic = "force-dynamic";

// POST /api/v1/password-resets: mails a reset link for {email} when SMTP_URL is set (202 whether or not the account exists).
export const POST = withApi(ACCOUNT_ROUTES.requestPasswordReset, async ({ request, body }) => {
  const outcome = await requestPasswordReset(body.email, resolvePortalUrl(request.url));
  return json({ mail: outcome }, outcome === "sent" ? 202 : 409);
});
