import { QUOTA_ROUTES } from "@/lib/api/openapi/quotas";
import { json, withApi } from "@/lib/api/with-api";
import { listTeamStorageViews } from "@/lib/quotas/team-quotas";

export const dynamic = "force-dynamic";

// GET /api/v1/admin/teams: every team's storage and quota, for the instance administrator.
export const GET = withApi(QUOTA_ROUTES.listTeams, async () => json({ teams: await listTeamStorageViews() }));
