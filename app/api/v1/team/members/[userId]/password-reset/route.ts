import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { createPasswordResetForMember } from "@/lib/auth/password-resets";
import { resolvePortalUrl } from "@/lib/teams/portal-url";

export const dynamic = "force-dynamic";

// POST /api/v1/team/members/{userId}/password-reset: an owner's one-time reset link for a member {url, expiresAt, mail}.
export const POST = withApi(TEAM_ROUTES.memberPasswordReset, async ({ request, principal, params }) =>
  json(await createPasswordResetForMember(principal, params.userId, resolvePortalUrl(request.url)), 201),
);
