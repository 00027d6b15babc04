import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { listTeamsOfUser } from "@/lib/teams/memberships";
import { createTeam, createTeamSchema } from "@/lib/teams/teams";

export const dynamic = "force-dynamic";

// GET /api/v1/teams: every team the caller belongs to, with the caller's role in each.
export const GET = withApi(async ({ principal }) => json({ teams: await listTeamsOfUser(principal.userId) }));

// POST /api/v1/teams: creates another team {name} with the caller as its owner.
export const POST = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, createTeamSchema);
  return json({ team: await createTeam(principal, input.name) }, 201);
});
