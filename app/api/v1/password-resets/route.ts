import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { requestPasswordReset, requestPasswordResetSchema } from "@/lib/auth/password-resets";
import { resolvePortalUrl } from "@/lib/teams/portal-url";

export const dynamic = "force-dynamic";

// POST /api/v1/password-resets: mails a reset link for {email} when SMTP_URL is set (202 whether or not the account exists).
export const POST = withApi(
  async ({ request }) => {
    const input = await parseJsonBody(request, requestPasswordResetSchema);
    const outcome = await requestPasswordReset(input.email, resolvePortalUrl(request.url));
    return json({ mail: outcome }, outcome === "sent" ? 202 : 409);
  },
  { auth: "none" },
);
