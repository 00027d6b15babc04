"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Breadcrumb } from "@/components/ui/breadcrumb";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, ErrorState, LoadingRows } from "@/components/ui/card";
import { releaseKeys } from "./query-keys";
import { fetchComparison, fetchReleasePage } from "./releases-api";
import { SideBySideDiff } from "./side-by-side-diff";

const SELECTABLE_RELEASES = 100;

/** A line diff between two releases, chosen with two selects (the URL keeps the choice). */
export function ReleaseCompare({ slug, from, to }: { slug: string; from: number | null; to: number | null }) {
  const router = useRouter();
  const base = `/apps/${slug}/releases`;
  const list = useQuery({ queryKey: releaseKeys.choices(slug), queryFn: () => fetchReleasePage(slug, null, SELECTABLE_RELEASES) });
  const comparison = useQuery({
    queryKey: releaseKeys.compare(slug, from ?? 0, to ?? 0),
    queryFn: () => fetchComparison(slug, from!, to!),
    enabled: from !== null && to !== null,
  });
  const sequences = list.data?.releases.map((release) => release.sequence) ?? [];

  function choose(side: "from" | "to", value: string) {
    const params = new URLSearchParams({ from: String(side === "from" ? value : (from ?? "")), to: String(side === "to" ? value : (to ?? "")) });
    router.replace(`${base}/compare?${params}`);
  }

  const select = (side: "from" | "to", value: number | null) => (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      {side === "from" ? "From" : "To"}
      <select
        value={value ?? ""}
        onChange={(event) => choose(side, event.target.value)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30"
      >
        <option value="" disabled>
          Choose…
        </option>
        {sequences.map((sequence) => (
          <option key={sequence} value={sequence}>
            Release {sequence}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <div className="space-y-4">
      <Breadcrumb label="Releases" parents={[{ href: base, label: "Releases" }]} current="Compare" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 className="text-lg font-semibold text-slate-900">Compare releases</h2>
        <div className="flex flex-wrap items-center gap-3">
          {select("from", from)}
          {select("to", to)}
        </div>
      </div>
      {list.isPending ? (
        <LoadingRows label="Loading releases" rows={2} />
      ) : list.isError ? (
        <ErrorState message={list.error.message} onRetry={() => list.refetch()} />
      ) : sequences.length < 2 ? (
        <EmptyState
          title="Nothing to compare yet"
          action={
            <Link href={`${base}/new`} className={buttonClass("primary")}>
              New release
            </Link>
          }
        >
          Comparing needs two releases; this application has {sequences.length === 0 ? "none" : "one"}.
        </EmptyState>
      ) : from === null || to === null ? (
        <EmptyState title="Choose two releases">Pick the older release on the left and the newer one on the right.</EmptyState>
      ) : comparison.isPending ? (
        <LoadingRows label="Loading the diff" />
      ) : comparison.isError ? (
        <ErrorState message={comparison.error.message} onRetry={() => comparison.refetch()} />
      ) : (
        <Card className="overflow-hidden">
          <p className="border-b border-slate-100 px-4 py-2 text-sm text-slate-700" aria-live="polite">
            {comparison.data.added === 0 && comparison.data.removed === 0 ? (
              "The two releases have the same YAML."
            ) : (
              <>
                <span className="font-medium text-emerald-700">+{comparison.data.added}</span> <span className="font-medium text-red-700">−{comparison.data.removed}</span> lines from release {from} to release {to}
              </>
            )}
          </p>
          <SideBySideDiff changes={comparison.data.changes} leftLabel={`Release ${from}`} rightLabel={`Release ${to}`} />
        </Card>
      )}
    </div>
  );
}
