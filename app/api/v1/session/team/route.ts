import { z } from "zod";
import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { TEAM_COOKIE_NAME } from "@/lib/auth/session-token";
import { resolveTeamOfUser } from "@/lib/auth/create-personal-token";
import { listTeamsOfUser } from "@/lib/teams/memberships";

export const dynamic = "force-dynamic";

const switchTeamSchema = z.object({ team: z.string().trim().min(1, "name a team by id or name") });

// PUT /api/v1/session/team: switches the browser session's current team {team: id or name}; sets the team cookie.
export const PUT = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, switchTeamSchema);
  const teamId = await resolveTeamOfUser(principal.userId, input.team);
  const team = (await listTeamsOfUser(principal.userId)).find((candidate) => candidate.id === teamId)!;
  const secure = new URL(request.url).protocol === "https:" ? "; Secure" : "";
  return json({ team }, 200, { "Set-Cookie": `${TEAM_COOKIE_NAME}=${teamId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000${secure}` });
});
