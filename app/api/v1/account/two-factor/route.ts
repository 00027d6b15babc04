import { ACCOUNT_ROUTES } from "@/lib/api/openapi/accounts";
import { json, withApi } from "@/lib/api/with-api";
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from "@/lib/auth/totp";

export const dynamic = "force-dynamic";

// POST /api/v1/account/two-factor: starts enrolment; answers {secret, uri} for an authenticator app (not active yet).
export const POST = withApi(ACCOUNT_ROUTES.startTwoFactor, async ({ principal }) => json(await startTotpEnrolment(principal.userId), 201));

// PUT /api/v1/account/two-factor: activates two-factor with the current code {code}; answers the recovery codes, shown once.
export const PUT = withApi(ACCOUNT_ROUTES.confirmTwoFactor, async ({ principal, body }) => json(await confirmTotpEnrolment(principal.userId, body.code)));

// DELETE /api/v1/account/two-factor: turns two-factor off, confirmed by {password}.
export const DELETE = withApi(ACCOUNT_ROUTES.disableTwoFactor, async ({ principal, body }) => {
  await disableTotp(principal.userId, body.password);
  return new Response(null, { status: 204 });
});
