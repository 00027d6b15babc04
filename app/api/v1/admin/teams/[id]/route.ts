import { QUOTA_ROUTES } from "@/lib/api/openapi/quotas";
import { json, withApi } from "@/lib/api/with-api";
import { setTeamStorageQuota } from "@/lib/quotas/team-quotas";

export const dynamic = "force-dynamic";

// PATCH /api/v1/admin/teams/{id}: sets the team's storage quota from JSON {storageQuota} (null: the default), for the instance administrator.
export const PATCH = withApi(QUOTA_ROUTES.setTeamQuota, async ({ params, body }) => json({ team: await setTeamStorageQuota(params.id, body) }));
