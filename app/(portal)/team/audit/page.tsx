import type { Metadata } from "next";
import { AuditLog } from "@/components/teams/audit-log";
import { PageHeader } from "@/components/ui/card";
import { requirePermission } from "@/app/_lib/request-lookups";
import { listApps } from "@/lib/apps/apps";
import { AUDIT_ACTIONS } from "@/lib/audit/audit-actions";
import { resolveAuditRetentionDays } from "@/lib/audit/prune-audit-events";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const principal = await requirePermission("audit:read", "/team/audit");
  const apps = await listApps(principal);
  return (
    <>
      <PageHeader title="Audit log" description={`Every change in this team: who, what, when and from where. Kept for ${resolveAuditRetentionDays()} days; nobody can edit or delete an event.`} />
      <AuditLog actions={AUDIT_ACTIONS} apps={apps.map((app) => app.slug)} />
    </>
  );
}
