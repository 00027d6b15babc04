import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { TeamQuotas } from "@/components/admin/team-quotas";
import { PageHeader } from "@/components/ui/card";
import { requirePrincipal } from "@/app/_lib/request-lookups";
import { explainDenial, withInstanceAdmin } from "@/lib/auth/access";
import { formatBytes } from "@/lib/images/describe/format";
import { listTeamStorageViews } from "@/lib/quotas/team-quotas";
import { resolveQuotaSettings } from "@/lib/quotas/quota-settings";

export const metadata: Metadata = { title: "Instance administration" };

export default async function AdminPage() {
  const principal = await requirePrincipal("/admin");
  if (explainDenial(await withInstanceAdmin(principal), "instance:admin")) forbidden();
  const teams = await listTeamStorageViews();
  const { teamStorageQuota } = resolveQuotaSettings();
  const defaultText = teamStorageQuota === 0 ? "unlimited" : formatBytes(teamStorageQuota);
  return (
    <>
      <PageHeader
        title="Instance administration"
        description={`Every team's stored bytes (its repositories' blobs, each counted once, plus uploads in progress) against its quota. The default quota is ${defaultText} (TEAM_STORAGE_QUOTA); a team's own quota overrides it. Uploads past a quota are refused with DENIED.`}
      />
      <TeamQuotas initialTeams={teams} />
    </>
  );
}
