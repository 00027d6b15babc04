import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { deleteTeam, getTeam } from "@/lib/teams/teams";

export const dynamic = "force-dynamic";

// GET /api/v1/team: the team this request acts in (the token's, or the session's current team) and the caller's role.
export const GET = withApi(TEAM_ROUTES.get, async ({ principal }) => json({ team: await getTeam(principal) }));

// DELETE /api/v1/team: deletes the team and everything in it, from JSON {confirm: <the team's name>}; owners only.
export const DELETE = withApi(TEAM_ROUTES.delete, async ({ principal, body }) => {
  await deleteTeam(principal, body.confirm);
  return new Response(null, { status: 204 });
});
