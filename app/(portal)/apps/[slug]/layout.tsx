import Link from "next/link";
import type { ReactNode } from "react";
import { AppTabs } from "@/components/apps/app-tabs";
import { loadOrNotFound, requirePrincipal } from "@/lib/api/session";
import { getApp } from "@/lib/apps/apps";

export default async function AppLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePrincipal(`/apps/${slug}`);
  const app = await loadOrNotFound(() => getApp(principal, slug));
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
        <Link href="/apps" className="hover:text-slate-800 hover:underline">
          Applications
        </Link>{" "}
        / <span className="text-slate-700">{app.name}</span>
      </nav>
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
