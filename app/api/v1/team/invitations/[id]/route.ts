import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { withApi } from "@/lib/api/with-api";
import { revokeInvitation } from "@/lib/teams/invitations";

export const dynamic = "force-dynamic";

// DELETE /api/v1/team/invitations/{id}: revokes a pending invitation; its link stops working.
export const DELETE = withApi(TEAM_ROUTES.revokeInvitation, async ({ principal, params }) => {
  await revokeInvitation(principal, params.id);
  return new Response(null, { status: 204 });
});
