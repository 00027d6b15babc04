import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { TEAM_COOKIE_NAME } from "@/lib/auth/session-token";
import { resolveTeamOfUser } from "@/lib/auth/create-personal-token";
import { listTeamsOfUser } from "@/lib/teams/memberships";

export const dynamic = "force-dynamic";

// PUT /api/v1/session/team: switches the browser session's current team {team: id or name}; sets the team cookie.
export const PUT = withApi(TEAM_ROUTES.switchSessionTeam, async ({ request, principal, body }) => {
  const teamId = await resolveTeamOfUser(principal.userId, body.team);
  const team = (await listTeamsOfUser(principal.userId)).find((candidate) => candidate.id === teamId)!;
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return json({ team }, 200, { "Set-Cookie": `${TEAM_COOKIE_NAME}=${teamId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}` });
});
