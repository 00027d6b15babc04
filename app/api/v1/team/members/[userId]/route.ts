import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { changeMemberRole, removeMember } from "@/lib/teams/members";

export const dynamic = "force-dynamic";

// PATCH /api/v1/team/members/{userId}: changes the member's role from JSON {role}; the last owner cannot be demoted.
export const PATCH = withApi(TEAM_ROUTES.changeRole, async ({ principal, params, body }) => json({ member: await changeMemberRole(principal, params.userId, body.role) }));

// DELETE /api/v1/team/members/{userId}: removes the member (their tokens for this team stop); the last owner cannot be removed.
export const DELETE = withApi(TEAM_ROUTES.removeMember, async ({ principal, params }) => {
  await removeMember(principal, params.userId);
  return new Response(null, { status: 204 });
});
