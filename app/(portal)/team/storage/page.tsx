import type { Metadata } from "next";
import Link from "next/link";
import { StorageUsage } from "@/components/quotas/storage-usage";
import { Card, PageHeader } from "@/components/ui/card";
import { requirePermission } from "@/app/_lib/request-lookups";
import { isAllowed, withInstanceAdmin } from "@/lib/auth/access";
import { formatBytes } from "@/lib/images/describe/format";
import { getTeamStorageView } from "@/lib/quotas/team-quotas";

export const metadata: Metadata = { title: "Storage" };

export default async function TeamStoragePage() {
  const principal = await requirePermission("team:read", "/team/storage");
  const [storage, withAdmin] = await Promise.all([getTeamStorageView(principal.teamId), withInstanceAdmin(principal)]);
  return (
    <>
      <PageHeader
        title="Storage"
        description="What this team stores in its registries against its quota. Pushes that would pass the quota are refused with DENIED naming it; delete tags and collect garbage (an application's Images → Storage) to free space, or ask the instance administrator for a larger quota."
      />
      <Card className="max-w-xl p-5">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-3 text-sm">
          <dt className="text-slate-600">Used</dt>
          <dd>
            <StorageUsage usedBytes={storage.usedBytes} quotaBytes={storage.quotaBytes} />
          </dd>
          <dt className="text-slate-600">Images</dt>
          <dd className="tabular-nums">{formatBytes(storage.blobBytes)}</dd>
          <dt className="text-slate-600">Uploads in progress</dt>
          <dd className="tabular-nums">{formatBytes(storage.uploadBytes)}</dd>
          <dt className="text-slate-600">Quota</dt>
          <dd>{storage.quotaBytes === 0 ? "unlimited" : formatBytes(storage.quotaBytes)}{storage.ownQuotaBytes === null ? " (the instance default)" : " (set for this team)"}</dd>
        </dl>
      </Card>
      {isAllowed(withAdmin, "instance:admin") ? (
        <p className="mt-6 text-sm text-slate-600">
          You are this installation&apos;s administrator:{" "}
          <Link href="/admin" className="font-medium text-brand-700 hover:underline">
            every team&apos;s storage and quotas
          </Link>
          .
        </p>
      ) : null}
    </>
  );
}
