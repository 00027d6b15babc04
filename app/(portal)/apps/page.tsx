import type { Metadata } from "next";
import { AppCreateForm } from "@/components/apps/app-create-form";
import { AppList } from "@/components/apps/app-list";
import { PageHeader } from "@/components/ui/card";
import { requirePrincipal } from "@/app/_lib/request-lookups";
import { listApps } from "@/lib/apps/apps";
import { resolveRegistryHost } from "@/lib/config";

export const metadata: Metadata = { title: "Applications" };

export default async function AppsPage() {
  const principal = await requirePrincipal("/apps");
  const apps = await listApps(principal);
  const registryHost = resolveRegistryHost();
  return (
    <>
      <PageHeader title="Applications" description="Each application has its own private image registry and its own releases." />
      <div className="space-y-6">
        <AppCreateForm registryHost={registryHost} />
        <AppList initialApps={apps.map((a) => ({ ...a, createdAt: a.createdAt.toISOString() }))} registryHost={registryHost} />
      </div>
    </>
  );
}
