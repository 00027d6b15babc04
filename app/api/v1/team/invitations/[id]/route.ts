import { withApi } from "@/lib/api/with-api";
import { revokeInvitation } from "@/lib/teams/invitations";

export const dynamic = "force-dynamic";

// DELETE /api/v1/team/invitations/{id}: revokes a pending invitation; its link stops working.
export const DELETE = withApi<{ id: string }>(async ({ principal, params }) => {
  await revokeInvitation(principal, params.id);
  return new Response(null, { status: 204 });
});
