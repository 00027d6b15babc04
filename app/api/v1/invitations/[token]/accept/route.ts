import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { acceptInvitation } from "@/lib/teams/invitations";

export const dynamic = "force-dynamic";

// POST /api/v1/invitations/{token}/accept: the signed-in invitee (session or own token) joins the team with the invited role.
export const POST = withApi(TEAM_ROUTES.acceptInvitation, async ({ principal, params }) => {
  const joined = await acceptInvitation({ id: principal.userId, email: principal.email }, params.token);
  return json({ team: { id: joined.team.id, name: joined.team.name, role: joined.role } });
});
