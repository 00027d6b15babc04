import { QUOTA_ROUTES } from "@/lib/api/openapi/quotas";
import { json, withApi } from "@/lib/api/with-api";
import { getTeamStorageView } from "@/lib/quotas/team-quotas";

export const dynamic = "force-dynamic";

// GET /api/v1/team/storage: the current team's stored bytes and uploads in progress against its quota.
export const GET = withApi(QUOTA_ROUTES.teamStorage, async ({ principal }) => json(await getTeamStorageView(principal.teamId)));
