import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { listMembers } from "@/lib/teams/members";

export const dynamic = "force-dynamic";

// GET /api/v1/team/members: the team's members {userId, email, name, role}, owners first.
export const GET = withApi(TEAM_ROUTES.members, async ({ principal }) => json({ members: await listMembers(principal) }));
