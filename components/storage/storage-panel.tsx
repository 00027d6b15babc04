"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, ErrorState, LoadingRows, SectionHeader } from "@/components/ui/card";
import { Cell, Table } from "@/components/ui/table";
import { formatBytes } from "@/lib/images/describe/format";
import { RelativeTime } from "@/components/images/image-bits";
import { storageKeys } from "./query-keys";
import { fetchAppStorage, runGarbageCollection, savePruneUntagged, type AppStorageJson, type GcResultJson } from "./storage-api";
import { IfPermitted, usePermission } from "@/components/auth/permissions";

function describeGrace(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function describeResult(result: GcResultJson): string {
  const what = `${result.blobsDeleted} blob${result.blobsDeleted === 1 ? "" : "s"} (${formatBytes(result.bytesDeleted)}) and ${result.manifestsDeleted} untagged manifest${result.manifestsDeleted === 1 ? "" : "s"}`;
  return result.dryRun
    ? `A collection now would delete ${what}.`
    : `Deleted ${what}: stored ${formatBytes(result.bytesBefore)} before, ${formatBytes(result.bytesAfter)} after.`;
}

/**
 * The application's stored bytes and its garbage collection: preview (dry run) or run a
 * collection now, the untagged-manifest policy, and the recent runs with their sizes
 * before and after. Collections also run every hour on their own.
 */
export function StoragePanel({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const storage = useQuery({ queryKey: storageKeys.app(slug), queryFn: () => fetchAppStorage(slug) });
  const [result, setResult] = useState<GcResultJson | null>(null);
  const collect = useMutation({
    mutationFn: (dryRun: boolean) => runGarbageCollection(slug, dryRun),
    onSuccess: (gc) => {
      setResult(gc);
      void queryClient.invalidateQueries({ queryKey: storageKeys.app(slug) });
    },
  });
  const canManage = usePermission("storage:manage");
  // The box shows the value being saved from the click itself: the mutation's pending state
  // reaches React a task later, and until then the controlled box would snap back.
  const [savingPolicy, setSavingPolicy] = useState<boolean | null>(null);
  const policy = useMutation({
    mutationFn: (pruneUntagged: boolean) => savePruneUntagged(slug, pruneUntagged),
    // A refetch already in flight (a collection's invalidation) would land after the save
    // with the old policy and flip the box back; cancel it, the save's answer replaces it.
    onMutate: () => queryClient.cancelQueries({ queryKey: storageKeys.app(slug) }),
    onSuccess: (saved) => queryClient.setQueryData<AppStorageJson>(storageKeys.app(slug), (view) => (view ? { ...view, policy: saved } : view)),
    onSettled: () => setSavingPolicy(null),
  });
  const savePolicy = (pruneUntagged: boolean) => {
    setSavingPolicy(pruneUntagged);
    policy.mutate(pruneUntagged);
  };

  return (
    <section className="space-y-3" aria-labelledby="storage-heading">
      <SectionHeader
        title={<span id="storage-heading">Storage</span>}
        description="Blobs no image references any more are deleted by garbage collection once unreferenced for the grace period."
        actions={
          <>
            <IfPermitted permission="registry:delete">
              <Button variant="secondary" disabled={collect.isPending} onClick={() => collect.mutate(true)}>
                Preview collection
              </Button>
            </IfPermitted>
            <IfPermitted permission="storage:manage">
              <Button disabled={collect.isPending} onClick={() => collect.mutate(false)}>
                {collect.isPending ? "Collecting…" : "Collect garbage now"}
              </Button>
            </IfPermitted>
          </>
        }
      />
      {storage.isPending ? (
        <LoadingRows label="Loading storage" rows={2} />
      ) : storage.isError ? (
        <ErrorState message={storage.error.message} onRetry={() => storage.refetch()} />
      ) : (
        <Card className="space-y-4 p-5">
          <dl className="grid gap-4 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-slate-500">Stored</dt>
              <dd className="text-lg font-semibold tabular-nums text-slate-900" data-testid="stored-bytes">
                {formatBytes(storage.data.storedBytes)}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">Blob store</dt>
              <dd className="font-medium text-slate-900">{storage.data.storage === "s3" ? "S3-compatible object storage" : "Filesystem"}</dd>
            </div>
            <div>
              <dt className="text-slate-500">Grace period</dt>
              <dd className="font-medium text-slate-900">{describeGrace(storage.data.graceSeconds)}</dd>
            </div>
          </dl>
          <label className="flex items-center gap-2 text-sm text-slate-700" title={canManage.reason}>
            <input
              type="checkbox"
              checked={savingPolicy ?? storage.data.policy.pruneUntagged}
              disabled={savingPolicy !== null || !canManage.isAllowed}
              onChange={(event) => savePolicy(event.target.checked)}
            />
            Also delete untagged manifests (not listed by an index, not attached to an image) once past the grace period
          </label>
          {collect.isError ? <p className="text-sm text-red-700">{collect.error.message}</p> : null}
          {policy.isError ? <p className="text-sm text-red-700">{policy.error.message}</p> : null}
          {result ? (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800" role="status">
              {describeResult(result)}
            </p>
          ) : null}
          {storage.data.runs.length > 0 ? (
            <Table label="Garbage collection runs" columns={[{ label: "When" }, { label: "Kind" }, { label: "Deleted", align: "right" }, { label: "Before", align: "right" }, { label: "After", align: "right" }]}>
              {storage.data.runs.map((run) => (
                <tr key={run.id}>
                  <Cell>
                    <RelativeTime iso={run.finishedAt} />
                  </Cell>
                  <Cell>{run.dryRun ? "preview" : run.trigger === "schedule" ? "scheduled" : "on demand"}</Cell>
                  <Cell align="right">
                    {run.blobsDeleted} blobs · {formatBytes(run.bytesDeleted)}
                    {run.manifestsDeleted ? ` · ${run.manifestsDeleted} manifests` : ""}
                  </Cell>
                  <Cell align="right">{formatBytes(run.bytesBefore)}</Cell>
                  <Cell align="right">{formatBytes(run.bytesAfter)}</Cell>
                </tr>
              ))}
            </Table>
          ) : null}
        </Card>
      )}
    </section>
  );
}
