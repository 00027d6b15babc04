"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { apiFetch } from "@/components/ui/api-client";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/card";
import { Time } from "@/components/ui/time";
import { appKeys } from "./query-keys";
import type { APP_ROUTES } from "@/lib/api/openapi/apps";
import type { ResponseOf } from "@/lib/api/openapi/contract";
import type { AppSummary } from "./types";

export function AppList({ initialApps, registryHost }: { initialApps: AppSummary[]; registryHost: string }) {
  const query = useQuery({
    queryKey: appKeys.list(),
    queryFn: () => apiFetch<ResponseOf<typeof APP_ROUTES.list>>("/apps").then((r) => r.apps),
    initialData: initialApps,
  });

  if (query.isPending) return <LoadingRows label="Loading applications" />;
  if (query.isError) return <ErrorState message={query.error.message} onRetry={() => query.refetch()} />;
  if (query.data.length === 0) {
    return (
      <EmptyState title="No applications yet">
        Create your first application above. Each one gets a private image registry at{" "}
        <code className="rounded bg-slate-100 px-1 font-mono text-xs">{registryHost}/&lt;slug&gt;</code>.
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y divide-slate-200 overflow-hidden rounded-lg border border-slate-200 bg-white" aria-label="Applications">
      {query.data.map((app) => (
        <li key={app.id}>
          <Link href={`/apps/${app.slug}`} className="flex items-center justify-between gap-4 px-5 py-4 hover:bg-slate-50 focus-visible:bg-slate-50">
            <span>
              <span className="block font-medium text-slate-900">{app.name}</span>
              <span className="block font-mono text-xs text-slate-500">
                {registryHost}/{app.slug}
              </span>
            </span>
            <span className="text-xs text-slate-500">Created <Time value={app.createdAt} format="date" /></span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
