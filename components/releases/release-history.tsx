"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/card";
import { Cell, Table } from "@/components/ui/table";
import { ChangedTagsMarker, Timestamp } from "./release-bits";
import { releaseKeys } from "./query-keys";
import { fetchReleasePage } from "./releases-api";
import { IfPermitted, PermissionNote } from "@/components/auth/permissions";

const COLUMNS = [{ label: "Release" }, { label: "Notes" }, { label: "Images", align: "right" as const }, { label: "Created by" }, { label: "Created" }, { label: "Changes", isLabelHidden: true }];

/** The application's releases, newest first, with a marker where a tag a release uses was pushed again. */
export function ReleaseHistory({ slug, draftSavedAt }: { slug: string; draftSavedAt: string | null }) {
  const releases = useInfiniteQuery({
    queryKey: releaseKeys.list(slug),
    queryFn: ({ pageParam }) => fetchReleasePage(slug, pageParam),
    initialPageParam: null as number | null,
    getNextPageParam: (page) => page.nextBefore,
  });
  const rows = releases.data?.pages.flatMap((page) => page.releases) ?? [];
  const base = `/apps/${slug}/releases`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">Releases</h2>
          <p className="text-sm text-slate-600">Each release is numbered, keeps its YAML and notes, and remembers which digest each of this application&apos;s tags pointed to.</p>
        </div>
        <div className="flex gap-2">
          {rows.length >= 2 ? (
            <Link href={`${base}/compare?from=${rows[1].sequence}&to=${rows[0].sequence}`} className={buttonClass("secondary")}>
              Compare releases
            </Link>
          ) : null}
          <IfPermitted permission="releases:write">
            <Link href={`${base}/new`} className={buttonClass("primary")}>
              {draftSavedAt ? "Continue draft" : "New release"}
            </Link>
          </IfPermitted>
        </div>
      </div>

      {draftSavedAt ? (
        <p className="rounded-md border border-brand-100 bg-brand-50 px-4 py-2 text-sm text-brand-700">
          A draft of the next release was saved <Timestamp iso={draftSavedAt} />.{" "}
          <IfPermitted permission="releases:write">
            <Link href={`${base}/new`} className="font-medium underline">
              Continue editing
            </Link>
          </IfPermitted>
        </p>
      ) : null}

      {releases.isPending ? (
        <LoadingRows label="Loading releases" />
      ) : releases.isError ? (
        <ErrorState message={releases.error.message} onRetry={() => releases.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState
          title="No releases yet"
          action={
            <IfPermitted permission="releases:write" fallback={<PermissionNote permission="releases:write" />}>
              <Link href={`${base}/new`} className={buttonClass("primary")}>
                Write the first release
              </Link>
            </IfPermitted>
          }
        >
          A release is your Kubernetes YAML plus an <code className="font-mono">images:</code> list. The editor shows every image, rewrites external ones through the proxy, and flags what customers&apos; clusters would trip over.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
          <Table label="Release history" columns={COLUMNS} isFramed={false}>
            {rows.map((release, index) => (
              <tr key={release.sequence} className="align-top hover:bg-slate-50/60">
                <Cell>
                  <Link href={`${base}/${release.sequence}`} className="font-semibold text-brand-700 hover:underline">
                    Release {release.sequence}
                  </Link>
                  <ChangedTagsMarker changedTags={release.changedTags} />
                </Cell>
                <Cell className="max-w-sm text-slate-700">
                  {release.notes ? <span className="line-clamp-2 whitespace-pre-line">{release.notes}</span> : <span className="text-slate-400">No notes</span>}
                </Cell>
                <Cell className="text-right tabular-nums text-slate-700">{release.imageCount}</Cell>
                <Cell className="text-slate-700">
                  <span title={release.createdBy.email}>{release.createdBy.name}</span>
                </Cell>
                <Cell className="text-slate-600">
                  <Timestamp iso={release.createdAt} />
                </Cell>
                <Cell align="right">
                  {rows[index + 1] ? (
                    <Link href={`${base}/compare?from=${rows[index + 1].sequence}&to=${release.sequence}`} className="text-xs font-medium text-brand-600 hover:underline">
                      Diff with {rows[index + 1].sequence}
                    </Link>
                  ) : null}
                </Cell>
              </tr>
            ))}
          </Table>
          {releases.hasNextPage ? (
            <div className="border-t border-slate-100 px-4 py-2 text-center">
              <button type="button" onClick={() => releases.fetchNextPage()} disabled={releases.isFetchingNextPage} className="text-sm font-medium text-brand-600 hover:underline disabled:text-slate-400">
                {releases.isFetchingNextPage ? "Loading…" : "Show older releases"}
              </button>
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}
