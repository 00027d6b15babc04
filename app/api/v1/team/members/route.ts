import { json, withApi } from "@/lib/api/with-api";
import { listMembers } from "@/lib/teams/members";

export const dynamic = "force-dynamic";

// GET /api/v1/team/members: the team's members {userId, email, name, role}, owners first.
export const GET = withApi(async ({ principal }) => json({ members: await listMembers(principal) }));
