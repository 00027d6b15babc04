import type { Metadata } from "next";
import { ServiceAccountsManager } from "@/components/teams/service-accounts-manager";
import { PageHeader } from "@/components/ui/card";
import { requirePermission } from "@/app/_lib/request-lookups";
import { listApps } from "@/lib/apps/apps";
import { resolveRegistryHost } from "@/lib/config";

export const metadata: Metadata = { title: "Service accounts" };

export default async function ServiceAccountsPage() {
  const principal = await requirePermission("service-accounts:manage", "/team/service-accounts");
  const apps = await listApps(principal);
  const registryHost = resolveRegistryHost();
  return (
    <>
      <PageHeader
        title="Service accounts"
        description="Robot accounts for CI: each has scopes per application (pull, push, delete, releases:write), an optional expiry, and one token that works for docker login and as an API bearer token."
      />
      <ServiceAccountsManager apps={apps.map((app) => app.slug)} registryHost={registryHost} />
    </>
  );
}
