import { Breadcrumb } from "@/components/ui/breadcrumb";
import type { ReactNode } from "react";
import { AppTabs } from "@/components/apps/app-tabs";
import { getAppOnce, loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";

export default async function AppLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePrincipal(`/apps/${slug}`);
  const app = await loadOrNotFound(() => getAppOnce(principal, slug));
  return (
    <>
      <div className="mb-2">
        <Breadcrumb label="Breadcrumb" parents={[{ href: "/apps", label: "Applications" }]} current={app.name} />
      </div>
      <div className="mb-6 flex flex-wrap items-baseline gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{app.name}</h1>
        <span className="rounded bg-slate-100 px-2 py-0.5 font-mono text-xs text-slate-600" title="Slug">
          {app.slug}
        </span>
      </div>
      <AppTabs slug={app.slug} />
      {children}
    </>
  );
}
