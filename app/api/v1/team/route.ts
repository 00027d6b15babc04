import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { deleteTeam, deleteTeamSchema, getTeam } from "@/lib/teams/teams";

export const dynamic = "force-dynamic";

// GET /api/v1/team: the team this request acts in (the token's, or the session's current team) and the caller's role.
export const GET = withApi(async ({ principal }) => json({ team: await getTeam(principal) }));

// DELETE /api/v1/team: deletes the team and everything in it, from JSON {confirm: <the team's name>}; owners only.
export const DELETE = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, deleteTeamSchema);
  await deleteTeam(principal, input.confirm);
  return new Response(null, { status: 204 });
});
