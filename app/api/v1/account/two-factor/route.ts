import { z } from "zod";
import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { confirmPasswordSchema } from "@/lib/auth/account";
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from "@/lib/auth/totp";

export const dynamic = "force-dynamic";

// POST /api/v1/account/two-factor: starts enrolment; answers {secret, uri} for an authenticator app (not active yet).
export const POST = withApi(async ({ principal }) => json(await startTotpEnrolment(principal.userId), 201));

// PUT /api/v1/account/two-factor: activates two-factor with the current code {code}; answers the recovery codes, shown once.
export const PUT = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, z.object({ code: z.string().trim().min(1, "enter the 6-digit code") }));
  return json(await confirmTotpEnrolment(principal.userId, input.code));
});

// DELETE /api/v1/account/two-factor: turns two-factor off, confirmed by {password}.
export const DELETE = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, confirmPasswordSchema);
  await disableTotp(principal.userId, input.password);
  return new Response(null, { status: 204 });
});
