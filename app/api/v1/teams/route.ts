import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { listTeamsOfUser } from "@/lib/teams/memberships";
import { createTeam } from "@/lib/teams/teams";

export const dynamic = "force-dynamic";

// GET /api/v1/teams: every team the caller belongs to, with the caller's role in each.
export const GET = withApi(TEAM_ROUTES.listTeams, async ({ principal }) => json({ teams: await listTeamsOfUser(principal.userId) }));

// POST /api/v1/teams: creates another team {name} with the caller as its owner.
export const POST = withApi(TEAM_ROUTES.createTeam, async ({ principal, body }) => json({ team: await createTeam(principal, body.name) }, 201));
