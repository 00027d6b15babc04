/** The browser's calls to /api/v1/admin (the instance administrator's). */
import { apiFetch } from "@/components/ui/api-client";
import type { TeamStorageView } from "@/lib/quotas/team-quotas";

/** Sets a team's quota: bytes, a size such as "50GiB", 0 (unlimited) or null (the default). */
export function saveTeamQuota(teamId: string, storageQuota: string | number | null): Promise<TeamStorageView> {
  return apiFetch<{ team: TeamStorageView }>(`/admin/teams/${encodeURIComponent(teamId)}`, { method: "PATCH", json: { storageQuota } }).then((body) => body.team);
}
