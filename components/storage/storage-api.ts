/** The browser's calls to /api/v1/apps/{slug}/gc. */
import { apiFetch } from "@/components/ui/api-client";
import type { AppStorageView } from "@/lib/registry/gc/app-gc";
import type { GcResult } from "@/lib/registry/gc/collect-garbage";

const gcPath = (slug: string) => `/apps/${encodeURIComponent(slug)}/gc`;

export function fetchAppStorage(slug: string): Promise<AppStorageView> {
  return apiFetch<AppStorageView>(gcPath(slug));
}

/** Runs a collection now, or with `dryRun` only reports what it would delete. */
export function runGarbageCollection(slug: string, dryRun: boolean): Promise<GcResult> {
  return apiFetch<{ gc: GcResult }>(gcPath(slug), { method: "POST", json: { dryRun } }).then((body) => body.gc);
}

export function savePruneUntagged(slug: string, pruneUntagged: boolean): Promise<{ pruneUntagged: boolean }> {
  return apiFetch<{ policy: { pruneUntagged: boolean } }>(`${gcPath(slug)}/policy`, { method: "PUT", json: { pruneUntagged } }).then((body) => body.policy);
}
